"""Email goes out only from background tasks, never inside a web request."""

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django_tasks import task


@task()
def send_email_task(
    *,
    subject: str,
    body: str,
    to: list[str],
    attachments: list[list[str]] | None = None,
    from_email: str = "",
) -> int:
    """`attachments`: [file name, text content, MIME type] triples (text only: task arguments
    are stored as JSON), e.g. an .ics invitation. `from_email`: DEFAULT_FROM_EMAIL when empty."""
    sender = from_email or settings.DEFAULT_FROM_EMAIL
    if not attachments:
        return send_mail(subject, body, sender, to, fail_silently=False)
    message = EmailMessage(subject, body, sender, to)
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message.send(fail_silently=False)
