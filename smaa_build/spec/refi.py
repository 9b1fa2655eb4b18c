"""The kit's REFI-QDA codebook as data: one codable code per activity × dimension × allowed code, under an
activity code and a dimension code. GUIDs are derived from the case id and the code's path (UUID 5), so the
codebook written by `smaa kit` today and a project exported by a QDA tool months later agree on them."""

from __future__ import annotations

import uuid

from .columns import CODE_DOMAINS

NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"


def guid(case_id: str, *path: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"smaa:{case_id}:" + "/".join(path))).upper()


def codebook_guids(spec) -> dict[tuple[str, str, str], str]:
    """(activity, dimension, code) -> GUID of the codable code."""
    case_id = spec["engagement"]["id"]
    return {(a["id"], dim, value): guid(case_id, a["id"], dim, value)
            for a in spec["organisation"]["activities"] for dim, domain in CODE_DOMAINS.items() for value in domain}
