"""Base model shared by every app."""

import uuid

from django.db import models


class BaseModel(models.Model):
    """Every domain row: a public UUID for URLs and audit, never the database id; timestamps."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
