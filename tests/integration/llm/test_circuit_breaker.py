"""The circuit breaker, shared through the database by every process."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from iepgen.db import Database
from iepgen.errors import ProviderError, ProviderUnavailable
from iepgen.llm.circuit_breaker import CircuitBreaker, CircuitOpenError, circuit_state
from iepgen.llm.structured import StructuredOutputProvider
from tests.fakes import gemini_server as fake
from tests.fakes.gemini_server import FakeGeminiServer
from tests.fakes.student_context import profile_answer, section_request
from tests.integration.llm.conftest import ProviderFactory, gemini_settings

pytestmark = pytest.mark.both_databases


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def breaker(database: Database, clock: Clock, threshold: int = 3) -> CircuitBreaker:
    return CircuitBreaker(
        database,
        "gemini",
        failure_threshold=threshold,
        reset_seconds=30,
        trial_lease_seconds=20,
        clock=clock,
    )


async def fail(circuit: CircuitBreaker, times: int) -> None:
    for _ in range(times):
        await circuit.record_failure(await circuit.before_call())


async def test_opens_after_n_consecutive_failures_then_one_trial_closes_it(
    database: Database,
) -> None:
    clock = Clock()
    circuit = breaker(database, clock)
    await fail(circuit, 2)
    assert await circuit_state(database, "gemini") == "closed"
    await fail(circuit, 1)
    assert await circuit_state(database, "gemini") == "open"

    with pytest.raises(CircuitOpenError) as raised:
        await circuit.before_call()
    assert raised.value.retry_after_seconds == pytest.approx(30)
    clock.advance(12)
    with pytest.raises(CircuitOpenError) as raised:
        await circuit.before_call()
    assert raised.value.retry_after_seconds == pytest.approx(18)

    clock.advance(18)
    trial = await circuit.before_call()
    assert trial.trial
    with pytest.raises(CircuitOpenError):
        await breaker(database, clock).before_call()  # one trial at a time, in any process
    await circuit.record_success(trial)
    assert await circuit_state(database, "gemini") == "closed"
    assert not (await circuit.before_call()).trial


async def test_a_success_resets_the_count_of_consecutive_failures(database: Database) -> None:
    clock = Clock()
    circuit = breaker(database, clock)
    await fail(circuit, 2)
    await circuit.record_success(await circuit.before_call())
    await fail(circuit, 2)
    assert await circuit_state(database, "gemini") == "closed"


async def test_a_failed_trial_opens_the_circuit_again(database: Database) -> None:
    clock = Clock()
    circuit = breaker(database, clock, threshold=1)
    await fail(circuit, 1)
    clock.advance(31)
    await circuit.record_failure(await circuit.before_call())
    with pytest.raises(CircuitOpenError) as raised:
        await circuit.before_call()
    assert raised.value.retry_after_seconds == pytest.approx(30)


async def test_only_one_process_wins_the_half_open_trial(database: Database) -> None:
    clock = Clock()
    processes = [breaker(database, clock, threshold=1) for _ in range(4)]
    await fail(processes[0], 1)
    clock.advance(30)

    outcomes = await asyncio.gather(*(p.before_call() for p in processes), return_exceptions=True)

    trials = [o for o in outcomes if not isinstance(o, BaseException) and o.trial]
    refused = [o for o in outcomes if isinstance(o, CircuitOpenError)]
    assert len(trials) == 1 and len(refused) == 3


async def test_callers_beside_a_trial_wait_for_its_outcome(database: Database) -> None:
    clock = Clock()
    circuit = breaker(database, clock, threshold=1)
    await fail(circuit, 1)
    clock.advance(30)
    trial = await circuit.before_call()
    waiting = asyncio.create_task(circuit.before_call())
    await asyncio.sleep(0.1)
    assert not waiting.done()
    await circuit.record_success(trial)
    permit = await asyncio.wait_for(waiting, timeout=5)
    assert not permit.trial


async def test_a_trial_whose_holder_died_is_taken_over(database: Database) -> None:
    clock = Clock()
    first, second = breaker(database, clock, threshold=1), breaker(database, clock, threshold=1)
    await fail(first, 1)
    clock.advance(30)
    await first.before_call()  # claims the trial, then "dies"
    with pytest.raises(CircuitOpenError):
        await second.before_call()
    clock.advance(21)
    taken = await second.before_call()
    assert taken.trial
    await second.record_success(taken)
    assert await circuit_state(database, "gemini") == "closed"


async def test_provider_calls_stop_once_the_circuit_opens(
    database_url: str,
    gemini_server: FakeGeminiServer,
    make_provider: ProviderFactory,
    database: Database,
) -> None:
    gemini_server.script(*[fake.server_error(503) for _ in range(10)])
    settings = gemini_settings(
        database_url,
        gemini_server,
        circuit_failure_threshold=3,
        llm_max_retries=6,
        circuit_reset_seconds=0.5,
    )
    provider = make_provider(settings)
    # The breaker's own clock: on a loaded machine the reset time could otherwise pass
    # between two calls the test means to fall inside it.
    clock = Clock()
    assert isinstance(provider, StructuredOutputProvider) and provider.guard.breaker is not None
    provider.guard.breaker.clock = clock

    with pytest.raises(ProviderUnavailable) as raised:
        await provider.generate_section(section_request())
    assert isinstance(raised.value, CircuitOpenError)
    assert 0 < raised.value.retry_after_seconds <= 0.5
    assert len(gemini_server.requests) == 3
    with pytest.raises(CircuitOpenError):
        await provider.generate_section(section_request(instructions="other"))
    assert len(gemini_server.requests) == 3  # refused without a call

    # After the reset time, one trial call goes out; its success closes the circuit.
    clock.advance(0.6)
    gemini_server._script.clear()
    gemini_server.script(fake.success(profile_answer()))
    result = await provider.generate_section(section_request())
    assert result.usage.llm_calls == 1
    assert await circuit_state(database, "gemini") == "closed"


async def test_throttling_and_rejections_do_not_open_the_circuit(
    database_url: str,
    gemini_server: FakeGeminiServer,
    make_provider: ProviderFactory,
    database: Database,
) -> None:
    gemini_server.script(
        fake.rate_limited(0.01), fake.rate_limited(0.01), fake.success(profile_answer())
    )
    provider = make_provider(
        gemini_settings(database_url, gemini_server, circuit_failure_threshold=1)
    )
    await provider.generate_section(section_request())
    assert await circuit_state(database, "gemini") == "closed"


async def test_with_fallback_the_offline_drafter_stands_in_while_the_circuit_is_open(
    database_url: str, gemini_server: FakeGeminiServer, make_provider: ProviderFactory
) -> None:
    gemini_server.script(*[fake.server_error(500) for _ in range(2)])
    provider = make_provider(
        gemini_settings(
            database_url,
            gemini_server,
            circuit_failure_threshold=2,
            llm_fallback_to_offline=True,
        )
    )

    drafted = await provider.generate_section(section_request())
    again = await provider.generate_section(section_request("esy"))

    assert drafted.generated_by == "offline (fallback: gemini circuit open)"
    assert drafted.provider == "offline"
    assert drafted.content.name == "Marisol Vantreeck"  # type: ignore[attr-defined]
    assert again.generated_by == drafted.generated_by
    assert len(gemini_server.requests) == 2  # the second section never tried Gemini


async def test_a_trial_whose_caller_is_cancelled_still_settles_the_circuit(
    database_url: str,
    gemini_server: FakeGeminiServer,
    make_provider: ProviderFactory,
    database: Database,
) -> None:
    gemini_server.script(fake.server_error(500), fake.success(profile_answer(), delay_seconds=0.4))
    provider = make_provider(
        gemini_settings(
            database_url,
            gemini_server,
            circuit_failure_threshold=1,
            circuit_reset_seconds=0.2,
            llm_max_retries=0,
        )
    )
    with pytest.raises(ProviderError):
        await provider.generate_section(section_request())
    assert await circuit_state(database, "gemini") == "open"
    await asyncio.sleep(0.3)

    caller = asyncio.create_task(provider.generate_section(section_request()))
    for _ in range(200):  # until the trial is on the wire (its answer takes 0.4 s)
        if len(gemini_server.requests) == 2:
            break
        await asyncio.sleep(0.01)
    assert len(gemini_server.requests) == 2
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller

    for _ in range(40):
        if await circuit_state(database, "gemini") == "closed":
            break
        await asyncio.sleep(0.05)
    assert await circuit_state(database, "gemini") == "closed"
