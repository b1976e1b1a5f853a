"""Refuses an oversized request body before Django reads or stores it.

Django has no cap on the size of an uploaded file: without this handler a 2 GB upload would be
streamed to a temporary file before any view could refuse it. The declared length is checked
before reading; the bytes actually received are counted too (a client may lie or stream).
The reverse proxy should refuse earlier still (nginx `client_max_body_size`).
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    @property
    def limit(self) -> int:
        return settings.FILES_MAX_REQUEST_BYTES

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit:
            raise RequestDataTooBig("Upload larger than FILES_MAX_REQUEST_BYTES.")
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise RequestDataTooBig("Upload larger than FILES_MAX_REQUEST_BYTES.")
        return raw_data

    def file_complete(self, file_size):
        return None
