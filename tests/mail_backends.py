"""E-mail backends for tests: a mail server that dies after a number of messages."""

from django.core.mail.backends.locmem import EmailBackend


class WorkerCrash(BaseException):
    """Stands for the worker process dying (not an Exception, so nothing catches it)."""


class CrashingBackend(EmailBackend):
    """Deliver to mail.outbox like locmem, then raise WorkerCrash at message `crash_at`."""

    crash_at: int | None = None
    sent = 0

    def send_messages(self, messages):
        for _message in messages:
            type(self).sent += 1
            if type(self).crash_at is not None and type(self).sent == type(self).crash_at:
                raise WorkerCrash(f"worker died at message {self.sent}")
        return super().send_messages(messages)
