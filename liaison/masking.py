"""Masking of personal data (phones, names) for everyone without the right to see it whole."""


def mask_phone(phone: str | None) -> str:
    """13812341234 → 138****1234; short or empty numbers are masked whole."""
    if not phone:
        return ""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def mask_name(name: str | None) -> str:
    """张三丰 → 张**; used where a visitor's name must not be shown."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)
