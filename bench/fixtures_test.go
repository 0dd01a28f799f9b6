package bench

import (
	"encoding/json"

	v36 "github.com/rtmkit/livechat-rtm/gen/agent/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
)

// The messages of the benchmarks, shaped like the RTM API documentation's
// samples.
var (
	// sendEventResponse is the payload of the send_event response.
	sendEventResponse = json.RawMessage(`{"event_id":"K600PKZON8_1"}`)

	// loginResponse is the payload of the login response.
	loginResponse = json.RawMessage(`{"license":{"id":"104130623","organization_id":"390e44e6-f1e6-0368c-z6ddb-74g14508c2ex","plan":"enterprise","expiration_timestamp":1483433500,"creation_timestamp":1482433500,"in_trial":true},"my_profile":{"id":"smith@example.com","name":"Agent Smith","avatar":"https://cdn.livechat-files.com/api/file/avatar.png","routing_status":"accepting_chats"},"chats_summary":[]}`)

	// incomingEventFrame is an incoming_event push carrying a customer's
	// message.
	incomingEventFrame = []byte(`{"action":"incoming_event","type":"push","payload":{"chat_id":"PJ0MRSHTDG","thread_id":"K600PKZON8","event":{"id":"K600PKZON8_2","created_at":"2026-11-21T10:00:00.000000Z","type":"message","text":"Hello, I have a question about my order #10342: it has not arrived yet.","author_id":"b7eff798-f8df-4364-8059-649c35c9ed0c","visibility":"all","properties":{"lc2":{"welcome_message":false}}}}}`)
)

// pushText is the text of the message in incomingEventFrame.
const pushText = "Hello, I have a question about my order #10342: it has not arrived yet."

// newSendEventRequest is the typed request of the round-trip benchmarks: an
// agent's message to a chat.
func newSendEventRequest() *v36.SendEventRequest {
	return &v36.SendEventRequest{
		ChatID: "PJ0MRSHTDG",
		Event:  &v36.MessageEvent{Text: rtm.Ptr("Hello, how can I help you?"), Visibility: rtm.Ptr("all")},
	}
}
