"""HSDS 3.0 in and out: JSON documents (export/import), schema validation, the read API."""

HSDS_VERSION = "3.0"
HSDS_PROFILE = "https://openreferral.org/specification/3.0"
