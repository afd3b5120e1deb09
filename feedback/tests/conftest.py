from __future__ import annotations

import pytest

from feedback import services
from sendcpp.models import User
from sendcpp.tests.factories import UserFactory


@pytest.fixture
def forum_rep(world) -> User:
    """A parent carer forum representative's own account, given the reports by a manager."""
    user = UserFactory(username="forum_rep", account_type=User.AccountType.PROFESSIONAL)
    services.grant_forum_access(by=world.manager, user=user, forum_name="Demo Parent Carer Forum")
    return user
