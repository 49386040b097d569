"""Filters for the dashboards' figures."""

from django import template

register = template.Library()


@register.filter
def percent(rate) -> str:
    """0.3333 → "33.3%"; no rate (nothing to divide by) → "—"."""
    if rate is None or rate == "":
        return "—"
    return f"{rate * 100:.1f}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")
