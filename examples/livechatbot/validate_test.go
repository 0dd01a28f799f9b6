package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	conf "github.com/rtmkit/livechat-rtm/gen/configuration/v36"
	"github.com/rtmkit/livechat-rtm/rtm"
)

// TestWebhookForAnActionTheVersionLacksFailsBeforeSending: registering a webhook for an action
// v3.6 does not have (incoming_chat_thread, the v3.1 name of incoming_chat) fails with an
// *rtm.InvalidParamError whose message names the param and the value, and the Configuration
// API receives no request at all.
func TestWebhookForAnActionTheVersionLacksFailsBeforeSending(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	f := startFakes()
	defer f.Close()
	s := demoSetup(t, f)

	_, err := s.Conf.RegisterWebhook(ctx, &conf.RegisterWebhookRequest{
		Action: "incoming_chat_thread", URL: "https://bot.example.com/webhook", SecretKey: demoWebhookSecret,
		OwnerClientID: demoClient, Type: conf.RegisterWebhookRequestTypeBot,
	})
	var ie *rtm.InvalidParamError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an *rtm.InvalidParamError", err)
	}
	if ie.Package != "v36" || ie.Action != conf.ActionRegisterWebhook || ie.Param != "action" || ie.Value != "incoming_chat_thread" {
		t.Errorf("error %+v: want v36, register_webhook, param action, value incoming_chat_thread", ie)
	}
	if !strings.Contains(err.Error(), `register_webhook: param action: "incoming_chat_thread" is not one of the documented values: incoming_chat, `) {
		t.Errorf("the message %q does not name the action, the param and the value, then the documented values", err)
	}
	if len(ie.Allowed) != 38 || ie.Allowed[0] != string(conf.WebhookActionIncomingChat) {
		t.Errorf("documented values %v: want the 38 webhook actions of v3.6, incoming_chat first", ie.Allowed)
	}
	if reqs := f.conf.Requests(); len(reqs) != 0 {
		t.Errorf("the Configuration API received %d requests (the first: %s), want none", len(reqs), reqs[0].Action)
	}

	// An optional filter is checked too, when set.
	_, err = s.Conf.RegisterWebhook(ctx, &conf.RegisterWebhookRequest{
		Action: conf.WebhookActionIncomingEvent, URL: "https://bot.example.com/webhook", SecretKey: demoWebhookSecret,
		OwnerClientID: demoClient, Type: conf.RegisterWebhookRequestTypeBot,
		Filters: &conf.RegisterWebhookRequestFilters{AuthorType: rtm.Ptr(conf.AuthorType("bot"))},
	})
	if !errors.As(err, &ie) || ie.Param != "filters.author_type" || ie.Value != "bot" {
		t.Errorf("a filter outside its documented values: err = %v, want an *rtm.InvalidParamError for filters.author_type", err)
	}
	if reqs := f.conf.Requests(); len(reqs) != 0 {
		t.Errorf("the Configuration API received %d requests, want none", len(reqs))
	}
}

// TestEmptyRequiredConfigurationParamFailsBeforeSending: a Configuration API call with a
// required param left empty (the webhook secret, the bot secret: environment variables not set)
// fails with an *rtm.MissingParamsError naming it, and nothing is sent for it; the bot's Start
// stops at the registration, after creating the bot.
func TestEmptyRequiredConfigurationParamFailsBeforeSending(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	f := startFakes()
	defer f.Close()
	s := demoSetup(t, f)

	_, err := s.Conf.IssueBotToken(ctx, &conf.IssueBotTokenRequest{BotID: demoBotID, ClientID: demoClient, OrganizationID: demoOrganization})
	var me *rtm.MissingParamsError
	if !errors.As(err, &me) {
		t.Fatalf("issue_bot_token without its secret: err = %v, want an *rtm.MissingParamsError", err)
	}
	want := &rtm.MissingParamsError{Package: "v36", Action: conf.ActionIssueBotToken, Params: []string{"bot_secret"}}
	if diff := cmp.Diff(want, me); diff != "" {
		t.Errorf("issue_bot_token without its secret (-want +got):\n%s", diff)
	}
	if got := err.Error(); got != "v36: issue_bot_token: missing required params: bot_secret" {
		t.Errorf("message %q", got)
	}
	if reqs := f.conf.Requests(); len(reqs) != 0 {
		t.Fatalf("the Configuration API received %d requests, want none", len(reqs))
	}

	s.WebhookSecret = ""
	var out strings.Builder
	_, err = Start(ctx, s, &out)
	if !errors.As(err, &me) || !strings.Contains(err.Error(), "register_webhook: missing required params: secret_key") {
		t.Fatalf("Start without a webhook secret: err = %v, want register_webhook's *rtm.MissingParamsError naming secret_key", err)
	}
	var actions []string
	for _, r := range f.conf.Requests() {
		actions = append(actions, r.Action)
	}
	if diff := cmp.Diff([]string{conf.ActionCreateBot}, actions); diff != "" {
		t.Errorf("requests the Configuration API received (-want +got):\n%s", diff)
	}
}
