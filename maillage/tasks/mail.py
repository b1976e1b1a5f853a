"""Email goes out only from background tasks, never inside a web request."""

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django_tasks import task


@task()
def send_email_task(
    *, subject: str, body: str, to: list[str], attachments: list[list[str]] | None = None
) -> int:
    """`attachments`: [file name, text content, MIME type] triples (text only: task arguments
    are stored as JSON), e.g. an .ics invitation."""
    if not attachments:
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message.send(fail_silently=False)
