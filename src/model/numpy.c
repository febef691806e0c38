#include "model/numpy.h"

double numpy_pairwise_sum(const double *a, size_t n, size_t stride)
{
	if (n < 8) {
		double res = 0.0;
		for (size_t i = 0; i < n; i++)
			res += a[i * stride];
		return res;
	}
	if (n <= 128) {
		double r[8];
		for (int j = 0; j < 8; j++)
			r[j] = a[(size_t)j * stride];
		size_t i;
		for (i = 8; i < n - (n % 8); i += 8)
			for (int j = 0; j < 8; j++)
				r[j] += a[(i + (size_t)j) * stride];
		double res = ((r[0] + r[1]) + (r[2] + r[3])) +
		             ((r[4] + r[5]) + (r[6] + r[7]));
		for (; i < n; i++)
			res += a[i * stride];
		return res;
	}
	size_t n2 = n / 2;
	n2 -= n2 % 8;
	return numpy_pairwise_sum(a, n2, stride) +
	       numpy_pairwise_sum(a + n2 * stride, n - n2, stride);
}

double numpy_axis_sum(const double *p, size_t n, size_t stride,
                      size_t across, bool mean)
{
	double sum;
	if (stride == 1 || across == 1) {
		sum = numpy_pairwise_sum(p, n, stride);
	} else {
		sum = 0.0;
		for (size_t i = 0; i < n; i++)
			sum += p[i * stride];
	}
	sum = numpy_sum_sign(sum);
	if (mean)
		sum = sum / (double)n;
	return sum;
}
