"""Security log lines for django-axes lock-outs: which client (a pseudonym, never the address)."""

import logging

from axes.signals import user_locked_out
from django.dispatch import receiver

from core.client_address import client_pseudonym

logger = logging.getLogger(__name__)


@receiver(user_locked_out, dispatch_uid="serving.log_lockout")
def log_lockout(sender, request=None, **kwargs):
    if request is not None:
        logger.warning(
            "Sign-in locked out after repeated failures", extra={"client_pseudonym": client_pseudonym(request)}
        )
