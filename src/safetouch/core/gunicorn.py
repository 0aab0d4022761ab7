"""gunicorn's logger with secrets redacted: `--logger-class safetouch.core.gunicorn.Logger`.

gunicorn writes its access and error logs through handlers of its own, outside Django's
logging settings, so its loggers get the same filter here.
"""

from __future__ import annotations

from gunicorn import glogging

from safetouch.core.logsafety import RedactSecrets


class Logger(glogging.Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            for handler in log.handlers:
                handler.addFilter(RedactSecrets())
