"""Page fragments each app contributes: navigation links and home-page panels per role.

An app adds `templates/<app>/nav.html`, `templates/<app>/public_nav.html` or
`templates/<app>/panels/<role>.html`; the layout picks up those that exist.
"""

from functools import cache

from django.template import TemplateDoesNotExist
from django.template.loader import get_template

UI_APPS = ("liaison", "stations", "suggestions", "legislation")


@cache
def _exists(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def existing(names) -> list[str]:
    return [name for name in names if _exists(name)]


def nav_templates(public: bool) -> list[str]:
    leaf = "public_nav.html" if public else "nav.html"
    return existing(f"{app}/{leaf}" for app in UI_APPS)


def panel_templates(roles) -> list[str]:
    return existing(f"{app}/panels/{role}.html" for role in roles for app in UI_APPS)
