// Package fakelivechat is the embedded fake LiveChat of the examples: one rtmtest server that
// speaks the Agent Chat RTM API v3.6 at AgentURL and the Customer Chat RTM API v3.6 at
// CustomerURL, with the documentation's sample values, and relays between the two sides: an
// event that an agent sends arrives as an incoming_event push at the customer of the chat, and
// the other way round.
//
// When a program talks to it alone, the fake can play the missing side (Options.PlayCustomer,
// Options.PlayAgent), so the agent bot and the customer example each run with no account and no
// partner; `make demo` connects both to one fake that plays neither.
//
// The fake speaks the wire format (JSON payloads as the docs show them); it does not use the
// generated packages, so it checks them as a real server would.
package fakelivechat

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/rtmkit/livechat-rtm/rtm/rtmtest"
)

// The tokens the fake accepts and the identities it gives.
const (
	AgentToken    = "demo-agent-token"    // the only agent access token accepted
	CustomerToken = "demo-customer-token" // the only customer access token accepted
	AgentID       = "agentbot@example.com"
	CustomerID    = "b7eff798-f8df-4364-8059-649c35c9ed0c"
	// OrganizationID is the organization the fake pretends to be; any value is accepted.
	OrganizationID = "demo-organization"
)

// The texts the fake's simulated users send.
const (
	SimulatedQuestion = "Hi! Where is my order #1234?"
	SimulatedThanks   = "Thanks, that answers my question!"
	SimulatedAnswer   = "Hello, I am the fake LiveChat's agent. Your order ships today."
)

// Options says which side the fake plays when no program plays it.
type Options struct {
	// PlayCustomer: once an agent logs in, a simulated customer starts a chat with it and asks a
	// question; it thanks the agent for the first answer.
	PlayCustomer bool
	// PlayAgent: a simulated agent joins each chat a customer starts, answers the customer's
	// first message, and closes the chat when the customer thanks it.
	PlayAgent bool
}

// Server is the fake: an rtmtest server with the state of one small LiveChat license.
type Server struct {
	srv  *rtmtest.Server
	opts Options

	pushes chan func() // pushes to send after the response that caused them, in order
	done   chan struct{}
	wg     sync.WaitGroup

	mu        sync.Mutex
	agents    []*rtmtest.ServerConn // logged-in agent connections
	customers []*rtmtest.ServerConn // logged-in customer connections
	chats     map[string]*chat
	nextChat  int
}

// chat is one chat of the fake and the state of its only thread.
type chat struct {
	id, threadID string
	users        []user
	events       int
	answered     bool // the simulated agent has answered
	thanked      bool // the simulated customer has thanked
}

type user struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
}

// Start starts the fake; Close stops it.
func Start(opts Options) *Server {
	s := &Server{
		srv:    rtmtest.NewServer(),
		opts:   opts,
		pushes: make(chan func(), 256),
		done:   make(chan struct{}),
		chats:  map[string]*chat{},
	}
	s.wg.Add(1)
	go s.sendPushes()
	s.srv.Handle("login", s.login)
	s.srv.Handle("start_chat", s.startChat)
	s.srv.Handle("send_event", s.sendEvent)
	s.srv.Handle("deactivate_chat", s.deactivateChat)
	s.srv.Handle("logout", func(context.Context, *rtmtest.Request) (any, error) { return struct{}{}, nil })
	return s
}

// AgentURL is the endpoint of the Agent Chat RTM API v3.6.
func (s *Server) AgentURL() string { return s.srv.URL() + "/v3.6/agent/rtm/ws" }

// CustomerURL is the endpoint of the Customer Chat RTM API v3.6.
func (s *Server) CustomerURL() string { return s.srv.URL() + "/v3.6/customer/rtm/ws" }

// Close stops the fake and closes every connection.
func (s *Server) Close() {
	close(s.done)
	s.wg.Wait()
	s.srv.Close()
}

// sendPushes sends the queued pushes one by one, a little after the response that caused them.
func (s *Server) sendPushes() {
	defer s.wg.Done()
	for {
		select {
		case p := <-s.pushes:
			select {
			case <-time.After(10 * time.Millisecond):
			case <-s.done:
				return
			}
			p()
		case <-s.done:
			return
		}
	}
}

// later queues fn to run on the push goroutine.
func (s *Server) later(fn func()) {
	select {
	case s.pushes <- fn:
	case <-s.done:
	}
}

// isAgent reports whether the request came on the agent endpoint.
func isAgent(ctx context.Context) bool {
	return strings.Contains(rtmtest.ConnFromContext(ctx).Path(), "/agent/")
}

func (s *Server) login(ctx context.Context, r *rtmtest.Request) (any, error) {
	var req struct {
		Token string `json:"token"`
	}
	_ = json.Unmarshal(r.Payload, &req)
	sc := rtmtest.ConnFromContext(ctx)
	if isAgent(ctx) {
		if req.Token != AgentToken {
			return nil, &rtmtest.Error{Type: "authentication", Message: "Invalid access token"}
		}
		s.mu.Lock()
		s.agents = append(s.agents, sc)
		s.mu.Unlock()
		if s.opts.PlayCustomer {
			s.later(s.simulatedCustomerStarts)
		}
		return json.RawMessage(`{
			"license": {"id": "104130623", "organization_id": "` + OrganizationID + `", "plan": "enterprise",
				"expiration_timestamp": 1483433500, "creation_timestamp": 1482433500, "in_trial": true},
			"my_profile": {"id": "` + AgentID + `", "name": "Agent Bot", "email": "` + AgentID + `", "routing_status": "accepting_chats"},
			"chats_summary": []
		}`), nil
	}
	if req.Token != CustomerToken {
		return nil, &rtmtest.Error{Type: "authentication", Message: "Invalid access token"}
	}
	s.mu.Lock()
	s.customers = append(s.customers, sc)
	s.mu.Unlock()
	return json.RawMessage(`{
		"customer": {"id": "` + CustomerID + `", "name": "Jane Customer", "email": "jane@example.com",
			"statistics": {"chats_count": 0, "threads_count": 0, "visits_count": 1, "page_views_count": 1}},
		"has_active_thread": false,
		"chats": []
	}`), nil
}

// newChat makes a chat with the customer and, when one is logged in or simulated, the agent.
func (s *Server) newChat() *chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextChat++
	c := &chat{
		id:       fmt.Sprintf("PJ0MRSHTD%d", s.nextChat),
		threadID: fmt.Sprintf("K600PKZON%d", s.nextChat),
		users:    []user{{ID: CustomerID, Type: "customer", Name: "Jane Customer", Email: "jane@example.com"}},
	}
	if len(open(s.agents)) > 0 || s.opts.PlayAgent {
		c.users = append(c.users, user{ID: AgentID, Type: "agent", Name: "Agent Bot", Email: AgentID})
	}
	s.chats[c.id] = c
	return c
}

// sides returns the open logged-in connections of each side.
func (s *Server) sides() (agents, customers []*rtmtest.ServerConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return open(s.agents), open(s.customers)
}

// open returns the connections of cs that have not ended.
func open(cs []*rtmtest.ServerConn) []*rtmtest.ServerConn {
	var out []*rtmtest.ServerConn
	for _, c := range cs {
		select {
		case <-c.Done():
		default:
			out = append(out, c)
		}
	}
	return out
}

// pushAll sends a push to every logged-in connection of both sides (the fake has one agent and
// one customer, who are in every chat).
func (s *Server) pushAll(action string, payload any) {
	s.pushBoth(action, payload, payload)
}

// pushBoth sends a push whose payload differs between the two APIs.
func (s *Server) pushBoth(action string, toAgents, toCustomers any) {
	agents, customers := s.sides()
	for _, sc := range agents {
		_ = sc.Push(action, toAgents) // a connection that went away misses it, like on the real API
	}
	for _, sc := range customers {
		_ = sc.Push(action, toCustomers)
	}
}

// audience is an event's "who sees it" field: visibility in the agent API v3.6, still
// recipients in the customer API v3.6.
func audience(agentSide bool) map[string]any {
	if agentSide {
		return map[string]any{"visibility": "all"}
	}
	return map[string]any{"recipients": "all"}
}

// with returns m with the fields of extra added.
func with(m, extra map[string]any) map[string]any {
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// pushIncomingChat tells both sides about a chat.
func (s *Server) pushIncomingChat(c *chat, requester string) {
	s.pushAll("incoming_chat", map[string]any{
		"requester_id": requester,
		"chat": map[string]any{
			"id":     c.id,
			"users":  c.users,
			"access": map[string]any{"group_ids": []int{0}},
			"thread": map[string]any{"id": c.threadID, "active": true, "user_ids": userIDs(c.users),
				"events": []any{}, "access": map[string]any{"group_ids": []int{0}}, "created_at": now()},
		},
	})
}

func userIDs(us []user) []string {
	ids := make([]string, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	return ids
}

func (s *Server) startChat(ctx context.Context, r *rtmtest.Request) (any, error) {
	c := s.newChat()
	requester := CustomerID
	if isAgent(ctx) {
		requester = AgentID
	}
	s.later(func() { s.pushIncomingChat(c, requester) })
	return map[string]any{"chat_id": c.id, "thread_id": c.threadID}, nil
}

func (s *Server) sendEvent(ctx context.Context, r *rtmtest.Request) (any, error) {
	var req struct {
		ChatID string `json:"chat_id"`
		Event  struct {
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"event"`
	}
	if err := json.Unmarshal(r.Payload, &req); err != nil {
		return nil, &rtmtest.Error{Type: "validation", Message: "Wrong format of request"}
	}
	if req.Event.Type != "message" {
		return nil, &rtmtest.Error{Type: "validation", Message: "the fake LiveChat only takes messages"}
	}
	s.mu.Lock()
	c := s.chats[req.ChatID]
	s.mu.Unlock()
	if c == nil {
		return nil, &rtmtest.Error{Type: "not_found", Message: "Chat not found"}
	}
	author := CustomerID
	if isAgent(ctx) {
		author = AgentID
	}
	id := s.relay(c, author, req.Event.Text)
	if author == AgentID && s.opts.PlayCustomer && !s.customerConnected() {
		s.later(func() { s.simulatedCustomerAnswers(c) })
	}
	if author == CustomerID && s.opts.PlayAgent && !s.agentConnected() {
		s.later(func() { s.simulatedAgentAnswers(c) })
	}
	return map[string]any{"event_id": id}, nil
}

// relay gives the event its ID and queues its push to both sides.
func (s *Server) relay(c *chat, author, text string) string {
	id := s.eventID(c)
	s.later(func() { s.pushEvent(c, id, author, text) })
	return id
}

// say sends an event of a simulated user at once (on the push goroutine).
func (s *Server) say(c *chat, author, text string) {
	time.Sleep(10 * time.Millisecond)
	s.pushEvent(c, s.eventID(c), author, text)
}

func (s *Server) eventID(c *chat) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.events++
	return fmt.Sprintf("%s_%d", c.threadID, c.events)
}

// pushEvent pushes a message event to both sides.
func (s *Server) pushEvent(c *chat, id, author, text string) {
	at := now()
	push := func(agentSide bool) any {
		return map[string]any{"chat_id": c.id, "thread_id": c.threadID, "event": with(map[string]any{
			"id": id, "created_at": at, "type": "message", "author_id": author, "text": text,
		}, audience(agentSide))}
	}
	s.pushBoth("incoming_event", push(true), push(false))
}

func (s *Server) customerConnected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(open(s.customers)) > 0
}

func (s *Server) agentConnected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(open(s.agents)) > 0
}

// typing tells both sides that author is typing in c.
func (s *Server) typing(c *chat, author string) {
	ts := time.Now().Unix()
	push := func(agentSide bool) any {
		return map[string]any{"chat_id": c.id, "thread_id": c.threadID, "typing_indicator": with(map[string]any{
			"author_id": author, "timestamp": ts, "is_typing": true,
		}, audience(agentSide))}
	}
	s.pushBoth("incoming_typing_indicator", push(true), push(false))
}

// simulatedCustomerStarts: the simulated customer starts a chat and asks its question.
func (s *Server) simulatedCustomerStarts() {
	c := s.newChat()
	s.pushIncomingChat(c, CustomerID)
	s.say(c, CustomerID, SimulatedQuestion)
}

// simulatedCustomerAnswers: the simulated customer types and thanks the agent, once per chat.
func (s *Server) simulatedCustomerAnswers(c *chat) {
	s.mu.Lock()
	done := c.thanked
	c.thanked = true
	s.mu.Unlock()
	if done {
		return
	}
	s.typing(c, CustomerID)
	s.say(c, CustomerID, SimulatedThanks)
}

// simulatedAgentAnswers: the simulated agent answers the first message and closes the chat
// after the next one.
func (s *Server) simulatedAgentAnswers(c *chat) {
	s.mu.Lock()
	first := !c.answered
	c.answered = true
	s.mu.Unlock()
	if first {
		s.typing(c, AgentID)
		s.say(c, AgentID, SimulatedAnswer)
		return
	}
	time.Sleep(10 * time.Millisecond)
	s.deactivated(c, AgentID)
}

// deactivated tells both sides that the user by closed c's thread.
func (s *Server) deactivated(c *chat, by string) {
	s.pushAll("chat_deactivated", map[string]any{"chat_id": c.id, "thread_id": c.threadID, "user_id": by})
}

func (s *Server) deactivateChat(ctx context.Context, r *rtmtest.Request) (any, error) {
	var req struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(r.Payload, &req)
	s.mu.Lock()
	c := s.chats[req.ID]
	s.mu.Unlock()
	if c == nil {
		return nil, &rtmtest.Error{Type: "not_found", Message: "Chat not found"}
	}
	by := CustomerID
	if isAgent(ctx) {
		by = AgentID
	}
	s.later(func() { s.deactivated(c, by) })
	return struct{}{}, nil
}

// now is the current time in the API's format (RFC 3339, microseconds, UTC).
func now() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000000Z") }
