"""Rate limits for pages that anyone may open: one budget per client address, set in settings."""

from django.conf import settings
from django_ratelimit.decorators import ratelimit


def _public_rate(group, request):
    return settings.PUBLIC_PAGE_RATE


def _login_rate(group, request):
    return settings.LOGIN_RATE


# Over the limit, django-ratelimit raises Ratelimited; RatelimitMiddleware answers with a 429 page.
public_page = ratelimit(group="public-page", key="ip", rate=_public_rate, block=True)
login_attempt = ratelimit(group="login", key="ip", rate=_login_rate, method="POST", block=True)
