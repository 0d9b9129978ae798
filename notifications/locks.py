"""A lock per periodic task, so two beat processes cannot run the same task at once."""

import contextlib
import logging
import uuid

from django.core.cache import cache

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def single_run(name: str, timeout: int):
    """Yield True when this process holds the lock `name`, False when another one does.

    With Redis as cache the lock is a SET NX with an expiry of `timeout`
    seconds, so a crashed holder frees it when the expiry passes. The release
    reads the holder's token before deleting. A holder whose lock expired in
    between can delete its successor's lock, so timeout must exceed a run.
    """
    key = f"notifications:lock:{name}"
    token = uuid.uuid4().hex
    acquired = cache.add(key, token, timeout=timeout)
    try:
        yield acquired
    finally:
        if acquired and cache.get(key) == token:
            cache.delete(key)
