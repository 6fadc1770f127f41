"""The new public-surface settings: parsed from the environment, refused with a clear message."""

from __future__ import annotations

import ipaddress

import pytest

from assistant.errors import UserError
from assistant.settings import Settings, load_settings


def test_defaults_answer_only_this_machine_and_trust_no_proxy() -> None:
    settings = Settings()
    assert settings.allowed_hosts == ["127.0.0.1", "localhost"]
    assert settings.trusted_proxies == []
    assert settings.max_body_bytes == 256 * 1024


def test_hosts_and_proxies_are_read_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_ALLOWED_HOSTS", "Assistant.Clinic.example, 10.0.0.5,[::1]")
    monkeypatch.setenv("ASSISTANT_TRUSTED_PROXIES", "127.0.0.1, 10.1.0.0/16")
    settings = load_settings()
    assert settings.allowed_hosts == ["assistant.clinic.example", "10.0.0.5", "[::1]"]
    assert settings.trusted_proxies == [
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("10.1.0.0/16"),
    ]


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("ASSISTANT_ALLOWED_HOSTS", "https://clinic.example/", "not a host name"),
        ("ASSISTANT_ALLOWED_HOSTS", "clinic.example:443", "not a host name"),
        ("ASSISTANT_TRUSTED_PROXIES", "10.0.0.0/33", "not an IP address or range"),
        ("ASSISTANT_TRUSTED_PROXIES", "proxy.clinic.example", "not an IP address or range"),
        ("ASSISTANT_MAX_BODY_BYTES", "12", "greater than or equal to 1024"),
    ],
)
def test_bad_values_are_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(UserError, match=rf"{variable}: .*{expected}"):
        load_settings()
