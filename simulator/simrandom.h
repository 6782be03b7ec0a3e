#pragma once

#include <QString>
#include <QtGlobal>
#include <random>

namespace Paddock {

// The random numbers of one stream of one simulated instance. The transforms are our own rather than
// <random>'s distributions, whose algorithms differ between standard libraries, so that a seed
// replays the same farm with any compiler.
class SimRandom {
public:
    explicit SimRandom(quint64 seed);

    // The seed of one stream ("tasks", "work", …) of one instance; stable across runs and platforms.
    static quint64 seedFor(quint64 seed, const QString& name, const char* stream);

    quint64 next();
    double uniform(); // [0, 1)
    double uniform(double low, double high);
    int index(int count); // [0, count)
    bool chance(double probability);
    double exponential(double mean);
    double normal(double mean, double sd);
    double logNormal(double median, double sigma);

private:
    std::mt19937_64 m_engine;
};

} // namespace Paddock
