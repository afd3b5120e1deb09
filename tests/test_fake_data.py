"""Tests draw the same fake data on every run: the root conftest seeds the fake-data generator from
each test's id, so a name that breaks a test breaks it every time, on any worker, in any order."""

from __future__ import annotations

import zlib

import factory.random
import pytest

from sendcpp.tests.factories import ChildFactory, UserFactory


def _drawn() -> tuple[str, str, str]:
    user = UserFactory.build()
    child = ChildFactory.build(responsible_la=None)
    return user.first_name, user.last_name, child.legal_last_name


def test_the_names_drawn_are_those_of_this_tests_seed(request: pytest.FixtureRequest):
    first = _drawn()
    factory.random.reseed_random(zlib.crc32(request.node.nodeid.encode()))
    assert _drawn() == first


def test_another_test_draws_other_names(request: pytest.FixtureRequest):
    mine = _drawn()
    factory.random.reseed_random(zlib.crc32(b"tests/test_fake_data.py::another"))
    assert _drawn() != mine
