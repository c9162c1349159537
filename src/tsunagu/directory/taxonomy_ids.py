"""Stable ids for the 困りごと taxonomy, the same in every deployment, so that HSDS
exports from two cities name the codes with the same UUIDs."""

from __future__ import annotations

import uuid

TROUBLE_NAMESPACE = uuid.UUID("6f0c1c55-3f0b-5a2e-9f5e-7473756e6167")
TROUBLE_TAXONOMY_ID = uuid.uuid5(TROUBLE_NAMESPACE, "taxonomy")


def trouble_term_id(code: str) -> uuid.UUID:
    return uuid.uuid5(TROUBLE_NAMESPACE, f"term:{code}")
