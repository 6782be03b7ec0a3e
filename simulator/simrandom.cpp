#include "simrandom.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace Paddock {

namespace {

quint64 splitMix64(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

quint64 fnv1a(quint64 hash, const QByteArray& bytes)
{
    for (const char c : bytes) {
        hash ^= quint64(uchar(c));
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

} // namespace

SimRandom::SimRandom(quint64 seed)
    : m_engine(seed)
{
}

quint64 SimRandom::seedFor(quint64 seed, const QString& name, const char* stream)
{
    quint64 hash = fnv1a(0xcbf29ce484222325ULL, name.toUtf8());
    hash = fnv1a(hash ^ 0xff, QByteArray(stream));
    return splitMix64(splitMix64(seed) ^ hash);
}

quint64 SimRandom::next()
{
    return m_engine();
}

double SimRandom::uniform()
{
    return double(m_engine() >> 11) * 0x1.0p-53;
}

double SimRandom::uniform(double low, double high)
{
    return low + (high - low) * uniform();
}

int SimRandom::index(int count)
{
    return count <= 1 ? 0 : std::min(count - 1, int(uniform() * count));
}

bool SimRandom::chance(double probability)
{
    return uniform() < probability;
}

double SimRandom::exponential(double mean)
{
    return -mean * std::log1p(-uniform());
}

double SimRandom::normal(double mean, double sd)
{
    // Box-Muller; 1 - u keeps the logarithm finite.
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double SimRandom::logNormal(double median, double sigma)
{
    return median * std::exp(normal(0.0, sigma));
}

} // namespace Paddock
