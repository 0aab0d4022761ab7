"""When will tightness limit training again? A build-up model fitted to her check-ins.

Pure code: readings and sessions in, a `Forecast` out; no Django, no clock (the caller
passes `today`). Between two check-ins with no massage in between, the change in a
region's tightness is modelled as

    change = days * (base rate of the region + a * training/day + c * cold/day
                     + s * stretches/day) + noise

where cold is the degrees below 15 C. The coefficients are fitted by bounded least
squares (scipy's lsq_linear): base rates, a and c never below zero (more training or
colder weather never loosens a muscle), s never above zero (stretching never tightens
one). Their covariance gives the uncertainty: parameter draws, together with the noise
of the current reading and the way training and weather vary from one fortnight to the
next, give an 80% interval for the day the first region reaches the client's "limits
my training" level.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from safetouch.engine.errors import EngineError

COLD_BELOW_C = 15.0  # degrees below this count as cold
HORIZON_DAYS = 120  # further out than this is "not soon", not a date
RECENT_DAYS = 14  # the default outlook averages this many days of check-ins
DRAWS = 2000
INTERVAL = (0.1, 0.9)
MIN_INTERVALS = 4  # check-in pairs without a massage between them
DEFAULT_SPREAD = (0.3, 2.0)  # training varies 30%, temperature 2 C, fortnight to fortnight
NOISE_FLOOR = 0.4  # a 0-10 score is rounded: never claim less noise than that


@dataclass(frozen=True)
class Reading:
    """One check-in: tightness per region and what happened since the previous one."""

    at: dt.datetime
    tightness: Mapping[str, int]
    training_minutes: float = 0.0
    temperature_c: float | None = None
    stretches: int = 0


@dataclass(frozen=True)
class Session:
    """A massage: it resets tightness; `after` is the tightness the day after, if known."""

    date: dt.date
    after: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Outlook:
    """What the coming days are expected to bring."""

    training_minutes_per_day: float
    temperature_c: float
    stretches_per_day: float = 0.0


@dataclass(frozen=True)
class Forecast:
    status: str  # "due", "forecast", "not_soon" or "not_enough_data"
    message: str
    book_by: dt.date | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None
    region: str | None = None  # the region expected to reach the limit first
    levels: Mapping[str, float] = field(default_factory=dict)  # current tightness
    rates: Mapping[str, float] = field(default_factory=dict)  # points per day
    outlook: Outlook | None = None


@dataclass(frozen=True)
class BuildUp:
    """The fitted model: per-region base rates, shared effects and their covariance."""

    regions: tuple[str, ...]
    coef: np.ndarray  # base rates..., training, cold, stretches
    cov: np.ndarray
    sigma: float
    intervals: int

    def rate(self, region: str, outlook: Outlook) -> float:
        rates = self._rates(
            self.coef[None, :],
            outlook.training_minutes_per_day,
            coldness(outlook.temperature_c),
            outlook.stretches_per_day,
        )
        return float(rates[0, self.regions.index(region)])

    def _rates(self, coef: np.ndarray, training, cold, stretches) -> np.ndarray:
        """Points per day for each draw (rows) and region (columns); the outlook terms
        are scalars or one value per draw."""
        k = len(self.regions)
        shared = coef[:, k] * training + coef[:, k + 1] * cold + coef[:, k + 2] * stretches
        return coef[:, :k] + shared[:, None]


def coldness(temperature_c: float) -> float:
    return max(0.0, COLD_BELOW_C - temperature_c)


def day_number(at: dt.datetime | dt.date) -> float:
    """Days as a float, so several check-ins a day keep their order and spacing."""
    if isinstance(at, dt.datetime):
        seconds = at.hour * 3600 + at.minute * 60 + at.second
        return at.toordinal() + seconds / 86400
    return float(at.toordinal())


def forecast(
    readings: Sequence[Reading],
    sessions: Sequence[Session],
    *,
    today: dt.date,
    limit: float = 7.0,
    regions: Sequence[str] | None = None,
    outlook: Outlook | None = None,
) -> Forecast:
    """The day tightness is expected to reach `limit`, with an 80% interval."""
    _validate(readings, limit)
    readings = sorted(readings, key=lambda r: r.at)
    outlook = outlook or recent_outlook(readings, today=today)
    model = fit(readings, sessions)
    if model is None:
        return _not_enough(outlook)
    wanted = [r for r in (regions or model.regions) if r in model.regions]
    levels = current_levels(readings, sessions, wanted)
    if not levels:
        return _not_enough(outlook)
    return _project(model, levels, readings, sessions, today=today, limit=limit, outlook=outlook)


def _validate(readings: Sequence[Reading], limit: float) -> None:
    if not 1 <= limit <= 10:
        raise EngineError(f"limit: must be from 1 to 10, got {limit}")
    for i, r in enumerate(readings):
        for region, value in r.tightness.items():
            if not 0 <= value <= 10:
                raise EngineError(f"readings[{i}].tightness.{region}: must be 0-10, got {value}")
        if r.training_minutes < 0:
            raise EngineError(f"readings[{i}].training_minutes: must not be negative")
        if r.stretches < 0:
            raise EngineError(f"readings[{i}].stretches: must not be negative")


def recent_outlook(readings: Sequence[Reading], *, today: dt.date) -> Outlook:
    """Carry the last two weeks forward: training, stretching and temperature as they were."""
    since = day_number(today) - RECENT_DAYS
    recent = [r for r in readings if day_number(r.at) >= since]
    if len(recent) < 2:
        recent = list(readings[-3:])
    temps = [r.temperature_c for r in recent if r.temperature_c is not None]
    temperature = float(np.mean(temps)) if temps else COLD_BELOW_C
    if len(recent) < 2:
        return Outlook(0.0, temperature, 0.0)
    # Each check-in reports what happened since the one before, so the first one's
    # training lies before the window.
    span = max(1.0, day_number(recent[-1].at) - day_number(recent[0].at))
    return Outlook(
        training_minutes_per_day=sum(r.training_minutes for r in recent[1:]) / span,
        temperature_c=temperature,
        stretches_per_day=sum(r.stretches for r in recent[1:]) / span,
    )


def _intervals(readings: Sequence[Reading], sessions: Sequence[Session]):
    """(region, days, training, cold degree-days, stretches, change) per usable pair."""
    massage_days = sorted(s.date for s in sessions)
    temps = [r.temperature_c for r in readings if r.temperature_c is not None]
    usual = float(np.mean(temps)) if temps else COLD_BELOW_C
    for prev, cur in zip(readings, readings[1:], strict=False):
        days = day_number(cur.at) - day_number(prev.at)
        # A massage in between (or on either day) resets tightness: not build-up.
        if days <= 0 or any(prev.at.date() <= d <= cur.at.date() for d in massage_days):
            continue
        ends = [t for t in (prev.temperature_c, cur.temperature_c) if t is not None]
        cold = days * coldness(float(np.mean(ends)) if ends else usual)
        for region in cur.tightness.keys() & prev.tightness.keys():
            change = cur.tightness[region] - prev.tightness[region]
            yield region, days, cur.training_minutes, cold, cur.stretches, change


def fit(readings: Sequence[Reading], sessions: Sequence[Session]) -> BuildUp | None:
    """Fit the build-up model; None when there are too few check-ins to say anything."""
    from scipy.optimize import lsq_linear  # on the first fit, as the planner does

    rows = list(_intervals(sorted(readings, key=lambda r: r.at), sessions))
    regions = tuple(sorted({row[0] for row in rows}))
    k = len(regions)
    if len(rows) < max(MIN_INTERVALS, k + 4):
        return None
    x = np.zeros((len(rows), k + 3))
    y = np.zeros(len(rows))
    for i, (region, days, training, cold, stretches, change) in enumerate(rows):
        x[i, regions.index(region)] = days
        x[i, k : k + 3] = (training, cold, stretches)
        y[i] = change
    lower = np.r_[np.zeros(k + 2), -np.inf]
    upper = np.r_[np.full(k + 2, np.inf), 0.0]
    # Scale columns to comparable sizes so the solver and the covariance are well behaved.
    scale = np.where(np.abs(x).max(axis=0) > 0, np.abs(x).max(axis=0), 1.0)
    solution = lsq_linear(x / scale, y, bounds=(lower * scale, upper * scale), method="bvls")
    coef = solution.x / scale
    dof = max(1, len(rows) - np.count_nonzero(np.abs(x).sum(axis=0)))
    sigma = max(NOISE_FLOOR, math.sqrt(float(np.sum((y - x @ coef) ** 2)) / dof))
    xs = x / scale
    cov = sigma**2 * np.linalg.pinv(xs.T @ xs) / np.outer(scale, scale)
    return BuildUp(regions, coef, cov, sigma, len(rows))


def current_levels(
    readings: Sequence[Reading], sessions: Sequence[Session], regions: Sequence[str]
) -> dict[str, tuple[float, float]]:
    """Region -> (tightness now, the day number it was read) since the last massage."""
    last_massage = max((s.date for s in sessions), default=None)
    levels: dict[str, tuple[float, float]] = {}
    for r in readings:
        if last_massage is None or r.at.date() > last_massage:
            for region in regions:
                if region in r.tightness:
                    levels[region] = (float(r.tightness[region]), day_number(r.at))
    if last_massage is not None:
        after = next(s.after for s in sessions if s.date == last_massage)
        for region in regions:
            if region not in levels and region in after:
                levels[region] = (float(after[region]), day_number(last_massage) + 1)
    return levels


def _project(model, levels, readings, sessions, *, today, limit, outlook) -> Forecast:
    names = list(levels)
    index = [model.regions.index(r) for r in names]
    rng = np.random.default_rng(20261123)  # fixed: the same history gives the same answer
    coef = rng.multivariate_normal(model.coef, model.cov, size=DRAWS, method="eigh")
    k = len(model.regions)
    coef[:, : k + 2] = np.clip(coef[:, : k + 2], 0.0, None)
    coef[:, k + 2] = np.clip(coef[:, k + 2], None, 0.0)
    level_noise = rng.normal(0.0, model.sigma / math.sqrt(2), size=(DRAWS, len(names)))
    # The coming weeks will not repeat the last two exactly: spread training and weather
    # as much as they moved from one fortnight to the next in her history. Each draw's
    # rate still grows with training and cold, so the dates keep their order.
    training_cv, temperature_sd = outlook_spread(readings)
    training = outlook.training_minutes_per_day * np.clip(
        1 + training_cv * rng.standard_normal(DRAWS), 0.0, None
    )
    temperature = outlook.temperature_c + temperature_sd * rng.standard_normal(DRAWS)
    cold = np.clip(COLD_BELOW_C - temperature, 0.0, None)
    rates = model._rates(coef, training, cold, outlook.stretches_per_day)[:, index]
    start = np.array([levels[r][0] for r in names])
    read_on = np.array([levels[r][1] for r in names])
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        days = np.where(rates > 1e-9, (limit - (start + level_noise)) / rates, np.inf)
    reach = np.clip(days, 0.0, None) + read_on  # the day number each region gets there
    first = reach.min(axis=1)
    low, mid, high = np.quantile(first, [INTERVAL[0], 0.5, INTERVAL[1]], method="inverted_cdf")
    leader = names[int(np.argmin(np.median(reach, axis=0)))]
    point_rates = {r: model.rate(r, outlook) for r in names}
    shown = {r: levels[r][0] for r in names}
    return _verdict(
        today=today,
        limit=limit,
        low=low,
        mid=mid,
        high=high,
        leader=leader,
        levels=shown,
        rates=point_rates,
        outlook=outlook,
    )


def outlook_spread(readings: Sequence[Reading]) -> tuple[float, float]:
    """(relative spread of training, spread of temperature in C) between one fortnight
    and the next in her history; defaults while the history is short."""
    first = day_number(readings[0].at) if readings else 0.0
    windows: dict[int, list[Reading]] = {}
    for r in readings[1:]:
        windows.setdefault(int((day_number(r.at) - first) // RECENT_DAYS), []).append(r)
    full = [w for i, w in sorted(windows.items()) if i < max(windows, default=0)]
    if len(full) < 3:
        return DEFAULT_SPREAD
    training = np.array([sum(r.training_minutes for r in w) / RECENT_DAYS for w in full])
    temps = np.array([_mean_temperature(w) for w in full])
    cv = float(np.std(np.diff(training)) / max(np.mean(training), 1.0))
    sd = float(np.nanstd(np.diff(temps))) if np.isfinite(temps).sum() > 2 else DEFAULT_SPREAD[1]
    return min(cv, 1.0), sd


def _mean_temperature(window: list[Reading]) -> float:
    temps = [r.temperature_c for r in window if r.temperature_c is not None]
    return float(np.mean(temps)) if temps else math.nan


def _as_date(number: float, today: dt.date) -> dt.date | None:
    """The calendar day of a day number, never before today; None past the horizon."""
    if not math.isfinite(number) or number - day_number(today) > HORIZON_DAYS:
        return None
    return max(today, dt.date.fromordinal(int(math.floor(number))))


def _verdict(*, today, limit, low, mid, high, leader, levels, rates, outlook) -> Forecast:
    tightest = max(levels, key=levels.get)
    if levels[tightest] >= limit:
        leader = tightest
    common = {"region": leader, "levels": levels, "rates": rates, "outlook": outlook}
    if levels[tightest] >= limit or mid < day_number(today) + 1:
        return Forecast(
            status="due",
            message="Tightness is at the level that limits your training: book a massage now.",
            book_by=today,
            earliest=today,
            latest=_as_date(high, today),
            **common,
        )
    if not math.isfinite(mid) or mid - day_number(today) > HORIZON_DAYS:
        return Forecast(
            status="not_soon",
            message=f"No massage needed in the next {HORIZON_DAYS} days at this pace.",
            **common,
        )
    book_by, earliest = _as_date(mid, today), _as_date(low, today)
    latest = _as_date(high, today)
    if latest is None:
        between = f"not before {earliest:%-d %b}"
    else:
        between = f"between {earliest:%-d %b} and {latest:%-d %b}"
    return Forecast(
        status="forecast",
        message=f"Book your next massage by {book_by:%a %-d %b} ({between}).",
        book_by=book_by,
        earliest=earliest,
        latest=latest,
        **common,
    )


def _not_enough(outlook: Outlook) -> Forecast:
    return Forecast(
        status="not_enough_data",
        message=(
            "Not enough check-ins yet: check in every day or two after your next massage "
            "and the forecast appears within a week."
        ),
        outlook=outlook,
    )
