"""Reference for lessons/sigmoid-derivative.lesson: seed 000's erratum in
numpy.  One sigmoid unit of weight 1 and no bias reads 25 values of z;
beside the derivative the tutorial's code uses, x*(1-x) applied to the
output a, the lesson compares the published wrong z*(1-z), the right
sigma(z)*(1-sigma(z)) computed again from z, and a central finite
difference with h = 0.00001.  One training step (`loss error`, learning
rate 1) follows.

Printed: every traced cell of the handout iterations (refcommon.Cells).
"""
import numpy as np

from refcommon import Cells, handout_iterations, load_columns

H = 0.00001


def sigma(x, forward=True):
    """The tutorial's activation: sigma(x) forward; backward, x is taken
    to be the output already and x*(1-x) is the slope."""
    if forward:
        return 1 / (1 + np.exp(-x))
    return x * (1 - x)


def main():
    data = load_columns("sigmoid-z.csv", ["z", "y"])
    z_in = data[:, 0:1]
    y = data[:, 1:2]
    shown = handout_iterations("sigmoid-derivative", 1)
    out = Cells()

    w = np.array([[1.]])                     # `weights [[1]]`, `bias no`
    z = z_in @ w
    a = sigma(z)
    err = y - a                              # `loss error`
    loss = np.mean(np.abs(err))
    a_times_1_minus_a = sigma(a, forward=False)
    z_times_1_minus_z = z * (1 - z)          # the published formula
    sigma_z_times_1_minus_sigma_z = sigma(z) * (1 - sigma(z))
    finite_difference = (sigma(z + H) - sigma(z - H)) / (2 * H)
    dlt = err * a_times_1_minus_a
    dW1 = z_in.T @ dlt
    W1_new = w + 1 * dW1
    if 0 in shown:
        for name, v in (("z", z), ("a", a), ("err", err), ("loss", loss),
                        ("a_times_1_minus_a", a_times_1_minus_a),
                        ("z_times_1_minus_z", z_times_1_minus_z),
                        ("sigma_z_times_1_minus_sigma_z", sigma_z_times_1_minus_sigma_z),
                        ("finite_difference", finite_difference), ("dlt", dlt),
                        ("dW1", dW1), ("W1_new", W1_new)):
            out.put(0, name, v)


if __name__ == "__main__":
    main()
