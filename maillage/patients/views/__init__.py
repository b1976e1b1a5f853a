"""Views of the patient's record (access check → form → service → render)."""
