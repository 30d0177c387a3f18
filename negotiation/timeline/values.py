"""Every package's utilities per draw, given outright or as weighted option values.

The timeline decides, per draw and talk, whether some package beats war for
every party. It needs every package's utilities once, roughly, to screen
them, and a few packages' utilities exactly. With weighted option values
``wv`` (``u = wv @ incidence``) the screen is a single-precision product with
a proved error bound, as in ``solvers.nash.screened_nash_choice``, and the
exact values are summed for the survivors only: the float64 utilities of all
packages are never formed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from negotiation.solvers.bargaining import PackageSet

Array = NDArray[np.float64]

_U32 = float(np.finfo(np.float32).eps) / 2
"""Unit roundoff of float32."""


@dataclass(frozen=True)
class PackageValues:
    """Utilities of every package for a block of draws.

    Build with :meth:`dense` (an array ``u``) or :meth:`from_options`
    (``wv`` and the package matrices).

    Attributes
    ----------
    u : ndarray, shape (draws, parties, packages), or None
    wv : ndarray, shape (draws, parties, options), or None
    packages : PackageSet or None
    """

    u: Array | None = None
    wv: Array | None = None
    packages: PackageSet | None = None

    @classmethod
    def dense(cls, u: Array) -> PackageValues:
        return cls(u=np.asarray(u, dtype=float))

    @classmethod
    def from_options(cls, wv: Array, packages: PackageSet) -> PackageValues:
        return cls(wv=wv, packages=packages)

    @property
    def draws(self) -> int:
        return int(self.u.shape[0] if self.u is not None else self._wv.shape[0])

    @property
    def parties(self) -> int:
        return int(self.u.shape[1] if self.u is not None else self._wv.shape[1])

    @property
    def size(self) -> int:
        return int(self.u.shape[2] if self.u is not None else self._packages.size)

    @property
    def _wv(self) -> Array:
        if self.wv is None:
            raise ValueError("PackageValues needs u, or wv and packages")
        return self.wv

    @property
    def _packages(self) -> PackageSet:
        if self.packages is None:
            raise ValueError("PackageValues needs u, or wv and packages")
        return self.packages

    def take(self, rows: NDArray[np.intp]) -> PackageValues:
        """The same for some draws only (sharing the screened values when already computed)."""
        part = PackageValues(None if self.u is None else self.u[rows], None if self.wv is None else self.wv[rows], self.packages)
        if "screened" in self.__dict__:
            values, error = self.screened
            part.__dict__["screened"] = (values[rows], error[rows])
        return part

    @cached_property
    def screened(self) -> tuple[NDArray[np.floating], Array]:
        """Every package's utilities, possibly rounded, and a bound on the rounding (computed once).

        Returns
        -------
        values : ndarray, shape (draws, parties, packages)
            float64 ``u`` as given, or ``wv @ incidence`` in float32.
        error : ndarray, shape (draws, parties)
            ``|values - u| <= error``: 0 for given ``u``; otherwise
            ``2 (issues + 1) u32 S_p`` with ``S_p`` the sum over issues of the
            largest ``|wv|`` (Higham 2002, eq. 3.5: one rounding to float32 and
            ``issues - 1`` additions, in any order).
        """
        if self.u is not None:
            return self.u, np.zeros(self.u.shape[:2])
        wv, packages = self._wv, self._packages
        n, p, o = wv.shape
        values = (wv.astype(np.float32).reshape(n * p, o) @ packages.incidence32).reshape(n, p, packages.size)
        bound = np.maximum.reduceat(np.abs(wv), packages.offsets, axis=2).sum(axis=2)
        return values, 2.0 * (packages.issues + 1) * _U32 * bound * 1.01 + 1e-300

    def exact(self, rows: NDArray[np.intp], cols: NDArray[np.intp]) -> Array:
        """Exact float64 utilities of some (draw, package) pairs, shape (len(rows), parties).

        From ``wv`` they are summed issue by issue (as ``utility.package_utilities``);
        a matrix product (``utility.utilities``) may differ in the last bit, far
        inside the tolerance ``TOL`` of individual rationality.
        """
        if self.u is not None:
            return self.u[rows, :, cols]
        wv, columns = self._wv, self._packages.columns
        options = wv.shape[2]
        flat = np.ascontiguousarray(wv.transpose(0, 2, 1)).reshape(-1, wv.shape[1])  # (draws * options, parties)
        base = np.asarray(rows, dtype=np.intp) * options
        out = flat.take(base + columns[cols, 0], axis=0)
        for i in range(1, columns.shape[1]):  # issue by issue, in the order of ``package_utilities``
            out += flat.take(base + columns[cols, i], axis=0)
        return out
