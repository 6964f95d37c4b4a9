package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/resultsbot/resultsbot/internal/adapters/adaptertest"
)

func envelopeOf(id, kind string, payload any) map[string]any {
	return map[string]any{"envelope_id": id, "type": kind, "payload": payload, "accepts_response_payload": kind == "slash_commands"}
}

func TestSocketMode(t *testing.T) {
	eng := &fixed{ans: adaptertest.Answered}
	x := start(t, eng, true)
	f := x.f
	if n := f.waitHello(t); n != 1 {
		t.Errorf("first connection is number %d", n)
	}
	select { // the client answers Slack's pings
	case <-f.pongs:
	case <-time.After(wait):
		t.Fatal("no pong to the fake's pings")
	}

	// A mention: acknowledged, answered once in its thread, even when
	// Slack sends it again.
	var mentionPayload map[string]any
	_ = json.Unmarshal(eventBody("EvS1", mention("1700000010.000100", "", "cloud growth?")), &mentionPayload)
	f.send(envelopeOf("env-1", "events_api", mentionPayload))
	f.waitAck(t, "env-1")
	p := f.waitPost(t)
	if p.Channel != "C1" || p.ThreadTS != "1700000010.000100" || !strings.Contains(flatten(p.Blocks, p.Text), "39.8 billion yuan") {
		t.Errorf("socket mode reply: %+v", p)
	}
	retry := envelopeOf("env-1b", "events_api", mentionPayload)
	retry["retry_attempt"], retry["retry_reason"] = 1, "timeout"
	f.send(retry)
	f.waitAck(t, "env-1b")

	// Envelopes slack-go does not know, and events it does not know, are
	// acknowledged all the same.
	f.send(envelopeOf("env-2", "brand_new_kind", map[string]any{"x": 1}))
	f.waitAck(t, "env-2")
	var unknown map[string]any
	_ = json.Unmarshal(eventBody("EvS2", map[string]any{"type": "brand_new_event", "user": "U1", "ts": "1.1"}), &unknown)
	f.send(envelopeOf("env-3", "events_api", unknown))
	f.waitAck(t, "env-3")

	// A slash command: the answer is in the acknowledgement.
	f.send(envelopeOf("env-4", "slash_commands", map[string]any{"command": "/results", "text": "cloud growth?", "user_id": "U1", "channel_id": "C7", "response_url": f.HookURL("sm")}))
	a := f.waitAck(t, "env-4")
	if !strings.Contains(string(a.Payload), "39.8 billion yuan") || !strings.Contains(string(a.Payload), `"response_type":"ephemeral"`) {
		t.Errorf("slash command ack payload = %s", a.Payload)
	}
	// A button press, through the interactive envelope.
	f.send(envelopeOf("env-5", "interactive", map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U1"}, "channel": map[string]any{"id": "C7"},
		"actions": []map[string]any{{"action_id": actionFeedback, "value": feedbackHelpful, "type": "button", "block_id": "answer_actions"}},
	}))
	f.waitAck(t, "env-5")

	// Slack drops the connection: the client reconnects and carries on.
	f.drop()
	if n := f.waitHello(t); n != 2 {
		t.Errorf("reconnection is connection number %d, want 2", n)
	}
	var again map[string]any
	_ = json.Unmarshal(eventBody("EvS3", mention("1700000011.000100", "", "cloud growth?")), &again)
	f.send(envelopeOf("env-6", "events_api", again))
	f.waitAck(t, "env-6")
	if p := f.waitPost(t); p.ThreadTS != "1700000011.000100" {
		t.Errorf("reply after reconnect in %q", p.ThreadTS)
	}

	time.Sleep(50 * time.Millisecond)
	if n := len(f.Posts()); n != 2 {
		t.Errorf("posts = %d, want 2 (the retried envelope must not post again)", n)
	}
	if n := len(eng.Questions()); n != 3 {
		t.Errorf("questions = %d, want 3", n)
	}
	if got := x.rec.Values(); len(got) != 1 || got[0] != "slack:helpful" {
		t.Errorf("feedback = %v\n%s", got, x.logs.String())
	}
}
