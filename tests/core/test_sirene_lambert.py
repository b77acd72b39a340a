"""maillage_core.lambert: Lambert 93 ↔ latitude/longitude (IGN ALG0002-0004)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage_core.lambert import (
    ConicProjection,
    conic_to_geographic,
    geographic_to_conic,
    in_lambert93_extent,
    lambert93_to_wgs84,
    latitude_from_isometric,
    wgs84_to_lambert93,
)


def test_projection_origin() -> None:
    """(700 000, 6 600 000) is the origin of Lambert 93: 46°30' N on the 3° E meridian."""
    point = lambert93_to_wgs84(700_000.0, 6_600_000.0)
    assert point.latitude == pytest.approx(46.5, abs=1e-9)
    assert point.longitude == pytest.approx(3.0, abs=1e-9)


# The worked example of IGN's note NTG_71 (ALG0002-ALG0004), on a Lambert zone with other
# constants: it checks the algorithm itself, independently of the Lambert 93 constants.
IGN_EXAMPLE = ConicProjection(
    n=0.7604059656,
    c=11_603_796.98,
    xs=600_000.0,
    ys=5_657_616.674,
    e=0.0824832568,
    lon0=0.04079234433,
)


def test_ign_worked_example_inverse() -> None:
    lon, lat = conic_to_geographic(1_029_705.083, 272_723.849, IGN_EXAMPLE)
    assert lon == pytest.approx(0.145512099, abs=1e-8)
    assert lat == pytest.approx(0.872664626, abs=1e-8)


def test_ign_worked_example_forward() -> None:
    x, y = geographic_to_conic(0.14551209900, 0.87266462600, IGN_EXAMPLE)
    assert x == pytest.approx(1_029_705.08, abs=0.01)
    assert y == pytest.approx(272_723.85, abs=0.01)


def test_ign_worked_example_isometric_latitude() -> None:
    assert latitude_from_isometric(1.00552653648, 0.08199188998) == pytest.approx(
        0.872664626, abs=1e-9
    )


@given(
    st.floats(min_value=41.0, max_value=51.5),
    st.floats(min_value=-5.5, max_value=10.0),
)
def test_round_trip(latitude: float, longitude: float) -> None:
    x, y = wgs84_to_lambert93(latitude, longitude)
    back = lambert93_to_wgs84(x, y)
    assert back.latitude == pytest.approx(latitude, abs=1e-8)
    assert back.longitude == pytest.approx(longitude, abs=1e-8)


def test_extent() -> None:
    assert in_lambert93_extent(*wgs84_to_lambert93(49.18, -0.37))  # Caen
    assert not in_lambert93_extent(0.0, 0.0)
    assert not in_lambert93_extent(352_000.0, 1_780_000.0)  # UTM 20N (Guadeloupe) values
