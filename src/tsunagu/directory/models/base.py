"""Shared pieces of the directory models."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class HsdsModel(models.Model):
    """Every HSDS record is identified by a UUID, which is also its public id.

    The UUID is the primary key so that an HSDS import keeps the ids it was given and
    an export gives them back unchanged (DIR-2).
    """

    id = models.UUIDField(_("ID"), primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True
