"""spec.validator() skips Cerberus's check of SCHEMA's own definition in every process (issue 15: a sixth of a
rebuild after a narrative edit); here Cerberus checks it, so a malformed schema still fails."""

from __future__ import annotations

import copy

import pytest
from cerberus import SchemaError, Validator

from smaa_build.spec import validator
from smaa_build.spec.schema import SCHEMA


def test_cerberus_accepts_the_schema_definition():
    Validator(SCHEMA)  # raises SchemaError on a malformed rule


def test_cerberus_catches_a_malformed_definition():
    broken = copy.deepcopy(SCHEMA)
    broken["spec_version"]["type"] = "a type Cerberus does not know"
    with pytest.raises(SchemaError):
        Validator(broken)


def test_the_validator_checks_documents_as_cerberus_does():
    document = {"spec_version": "one", "no_such_key": 1}
    own, plain = validator(), Validator(SCHEMA)
    assert own.validate(document) == plain.validate(document) is False
    assert own.errors == plain.errors and own.document == plain.document
