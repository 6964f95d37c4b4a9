package web

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/resultsbot/resultsbot/internal/adapters"
)

// Metrics counts what every adapter does, in Prometheus form:
//
//	resultsbot_questions_total{adapter,outcome}    counter (outcome: answered, declined, error, invalid, canceled, unavailable)
//	resultsbot_answer_latency_seconds{adapter}     histogram
//	resultsbot_feedback_total{adapter,value}       counter
//	resultsbot_index_documents                     gauge
//	resultsbot_index_passages                      gauge
//	resultsbot_index_facts                         gauge
//	resultsbot_corpus_reloads_total{outcome}       counter (outcome: changed, unchanged, failed, superseded)
//	resultsbot_corpus_last_reload_timestamp_seconds     gauge: the last load or reload that succeeded (changed or unchanged)
//	resultsbot_corpus_last_reload_successful            gauge: 0 when the last reload failed, else 1
//	resultsbot_corpus_last_change_timestamp_seconds     gauge: when the corpus served was loaded
//	resultsbot_corpus_skipped_files                gauge: corpus files not loaded
//
// It implements adapters.Recorder, so the chat adapters share it. A
// *Metrics is safe for concurrent use; a nil *Metrics records nothing.
type Metrics struct {
	questions *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	feedback  *prometheus.CounterVec
	documents prometheus.Gauge
	passages  prometheus.Gauge
	facts     prometheus.Gauge
	reloads   *prometheus.CounterVec
	reloadAt  prometheus.Gauge
	reloadOK  prometheus.Gauge
	changedAt prometheus.Gauge
	skipped   prometheus.Gauge
	gatherer  prometheus.Gatherer
}

var _ adapters.Recorder = (*Metrics)(nil)

// NewMetrics creates the bot's metrics and registers them with reg.
//
// /metrics serves reg when it is also a prometheus.Gatherer (a
// *prometheus.Registry is), so collectors the caller registered there are
// served too; otherwise it serves the bot's metrics alone. A nil reg means a
// fresh registry holding the bot's metrics and the Go runtime and process
// collectors.
//
// NewMetrics panics, as prometheus.MustRegister does, when reg already holds
// metrics of the same names: call it once per registry.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "resultsbot_questions_total",
			Help: "Questions asked, by adapter and outcome (answered, declined, error, invalid, canceled, unavailable).",
		}, []string{"adapter", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "resultsbot_answer_latency_seconds",
			Help:    "Time taken to answer a question, by adapter.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"adapter"}),
		feedback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "resultsbot_feedback_total",
			Help: "Feedback on answers, by adapter and value.",
		}, []string{"adapter", "value"}),
		documents: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "resultsbot_index_documents",
			Help: "Documents in the loaded corpus.",
		}),
		passages: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "resultsbot_index_passages",
			Help: "Passages in the search index.",
		}),
		facts: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "resultsbot_index_facts",
			Help: "Facts extracted from the corpus.",
		}),
	}
	m.reloads = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "resultsbot_corpus_reloads_total",
		Help: "Reloads of the corpus folder, by outcome (changed, unchanged, failed, superseded).",
	}, []string{"outcome"})
	m.reloadAt = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "resultsbot_corpus_last_reload_timestamp_seconds",
		Help: "Unix time of the last load or reload of the corpus that succeeded, whether it changed the corpus or found it unchanged.",
	})
	m.reloadOK = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "resultsbot_corpus_last_reload_successful",
		Help: "Whether the last reload of the corpus succeeded (1) or failed and left the previous corpus serving (0).",
	})
	m.changedAt = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "resultsbot_corpus_last_change_timestamp_seconds",
		Help: "Unix time the corpus served was loaded: at start-up or by the last reload that changed it.",
	})
	m.skipped = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "resultsbot_corpus_skipped_files",
		Help: "Corpus files not loaded (unsupported, broken, too large, duplicates, ...), as the last load or reload found them.",
	})
	for _, o := range []string{ReloadChanged, ReloadUnchanged, ReloadFailed, ReloadSuperseded} {
		m.reloads.WithLabelValues(o)
	}
	own := []prometheus.Collector{m.questions, m.latency, m.feedback, m.documents, m.passages, m.facts,
		m.reloads, m.reloadAt, m.reloadOK, m.changedAt, m.skipped}
	if reg == nil {
		r := prometheus.NewRegistry()
		r.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
		reg = r
	}
	reg.MustRegister(own...)
	if g, ok := reg.(prometheus.Gatherer); ok {
		m.gatherer = g
	} else {
		r := prometheus.NewRegistry()
		r.MustRegister(own...)
		m.gatherer = r
	}
	return m
}

// Question records one question's outcome and latency.
func (m *Metrics) Question(adapter, outcome string, latency time.Duration) {
	if m == nil {
		return
	}
	m.questions.WithLabelValues(adapter, outcome).Inc()
	m.latency.WithLabelValues(adapter).Observe(latency.Seconds())
}

// Feedback records one piece of feedback ("up", "down", ...) on an answer.
func (m *Metrics) Feedback(adapter, value string) {
	if m == nil {
		return
	}
	m.feedback.WithLabelValues(adapter, value).Inc()
}

// SetIndexSize sets the index size gauges; call it once the index is built.
func (m *Metrics) SetIndexSize(documents, passages, facts int) {
	if m == nil {
		return
	}
	m.documents.Set(float64(documents))
	m.passages.Set(float64(passages))
	m.facts.Set(float64(facts))
}

// Reload counts one reload of the corpus with its outcome (ReloadChanged,
// ReloadUnchanged, ReloadFailed or ReloadSuperseded).
func (m *Metrics) Reload(outcome string) {
	if m == nil {
		return
	}
	m.reloads.WithLabelValues(outcome).Inc()
}

// setCorpus sets the corpus gauges from st.
func (m *Metrics) setCorpus(st CorpusStatus) {
	if m == nil {
		return
	}
	m.SetIndexSize(st.Documents, st.Passages, st.Facts)
	m.changedAt.Set(float64(st.Changed.UnixNano()) / 1e9)
	m.skipped.Set(float64(len(st.Skipped)))
	m.reloadAt.Set(float64(st.Checked.UnixNano()) / 1e9)
	if r := st.LastReload; r != nil && r.Outcome == ReloadFailed {
		m.reloadOK.Set(0)
	} else {
		m.reloadOK.Set(1)
	}
}

// initAdapter makes the adapter's question counters exist at zero, so that
// dashboards and rate() see them before the first question.
func (m *Metrics) initAdapter(adapter string) {
	if m == nil {
		return
	}
	for _, o := range []string{adapters.Answered, adapters.Declined, adapters.Failed, adapters.Invalid, adapters.Canceled, adapters.Unavailable} {
		m.questions.WithLabelValues(adapter, o)
	}
	m.latency.WithLabelValues(adapter)
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.gatherer, promhttp.HandlerOpts{})
}
