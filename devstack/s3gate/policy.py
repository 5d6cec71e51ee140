"""S3 POST policy conditions: every form field covered, each condition holding."""

from __future__ import annotations

from ..s3form import Form
from .refusal import Refusal, denied


def _condition(condition) -> tuple[str, object, object]:
    """(operator, field or low bound, value or high bound) of one policy condition."""
    if isinstance(condition, dict) and len(condition) == 1:
        name, value = next(iter(condition.items()))
        return "eq", f"${name}", value
    if isinstance(condition, list) and len(condition) == 3:
        return str(condition[0]).lower(), condition[1], condition[2]
    raise ValueError(condition)


def policy_refusal(conditions, bucket: str, form: Form) -> Refusal | None:
    """S3 POST policy conditions; every form field must be covered by one."""
    invalid = Refusal(400, "InvalidPolicyDocument", "Invalid Policy: Invalid Condition.", "policy")
    if not isinstance(conditions, list):
        return invalid
    values = {**form.fields, "bucket": bucket}
    covered = {"bucket", "policy", "x-amz-signature"}
    for condition in conditions:
        try:
            operator, name, expected = _condition(condition)
        except ValueError:
            return invalid
        if operator == "content-length-range":
            try:
                low, high = int(name), int(expected)  # numbers (or digits, as some SDKs send)
            except (TypeError, ValueError):
                return invalid
            if len(form.file) < low:
                return Refusal(
                    400,
                    "EntityTooSmall",
                    "Your proposed upload is smaller than the minimum allowed size",
                    "file too small",
                )
            if len(form.file) > high:
                return Refusal(
                    400,
                    "EntityTooLarge",
                    "Your proposed upload exceeds the maximum allowed size",
                    "file too large",
                )
            continue
        if not (isinstance(name, str) and name.startswith("$") and isinstance(expected, str)):
            return invalid
        field = name[1:].lower()
        covered.add(field)
        actual = values.get(field, "")
        if operator == "eq":
            holds = actual == expected
        elif operator == "starts-with":
            holds = actual.startswith(expected)
        else:
            return invalid
        if not holds:
            return denied(
                f"{field} does not match the policy",
                f'Invalid according to Policy: Policy Condition failed: ["{operator}", "${field}"]',
            )
    extra = [n for n in form.fields if n not in covered and not n.startswith("x-ignore-")]
    if extra:
        return denied(
            f"form field {extra[0]} is not in the policy",
            f"Invalid according to Policy: Extra input fields: {extra[0]}",
        )
    return None
