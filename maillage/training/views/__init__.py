"""Views of the training app: staff pages (events, registrations, attendance, satisfaction) and
the public pages a professional reaches without an account (see public.py)."""
