"""ASGI middleware for the public surface: request body limits, origins, CORS, rate limits."""

from assistant.web.middleware.body_limit import BodySizeLimit
from assistant.web.middleware.security import OriginPolicy, RateLimiter, install_security

__all__ = ["BodySizeLimit", "OriginPolicy", "RateLimiter", "install_security"]
