#pragma once

#include "farmdata.h"
#include "historychart.h"

namespace Paddock {

// The probe latency of each shared storage over the window (the "storage:<id>" series), for the
// storage panel: one line per storage, p95 (or max) of the probes of each second.
// Series ids: "storage:<id>".
class ProbeLatencyChart : public HistoryChart {
    Q_OBJECT

public:
    enum class Measure { P95, Max };

    explicit ProbeLatencyChart(QWidget* parent = nullptr);
    ~ProbeLatencyChart() override;

    void setStorages(const QList<StorageRow>& storages);
    void setMeasure(Measure measure);
    Measure measure() const { return m_measure; }

protected:
    void rebuild(const Window& window) override;

private:
    QList<StorageRow> m_storages;
    Measure m_measure = Measure::P95;
};

} // namespace Paddock
