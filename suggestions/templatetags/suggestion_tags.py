from django import template

from suggestions.api.serializers import ACTION_LABELS

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """submit → 提交: the Chinese name of a step in a suggestion's chain."""
    return ACTION_LABELS.get(action, action)
