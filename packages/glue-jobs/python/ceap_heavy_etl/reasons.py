"""Stable reason strings. They are counted in the stage result and written to rejects.json."""

# Why a record was rejected (the same strings the TypeScript stages use where they overlap).
MISSING_FIELD = "missing-field"
INVALID_TYPE = "invalid-type"
INVALID_DATE = "invalid-date"
NEGATIVE_VALUE = "negative-value"
INVALID_JSON = "invalid-json"
NOT_AN_OBJECT = "not-an-object"

# Why a record was dropped on purpose (a filter, not a reject).
DUPLICATE = "duplicate"
