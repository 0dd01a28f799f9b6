package spec

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// versionInventory is what the source documents list for one API version, written here by hand
// from ../shared (see the comments), so that an accidental deletion from a spec fails a test.
type versionInventory struct {
	path      string
	rtm, web  string // action names, space-separated, in spec order
	pushes    string
	types     int
	errors    int
	pingEvery string
}

var inventories = []versionInventory{
	{
		// seeds/agent-api-v3.0.md, "# Methods" (28 RTM + 2 Web-only) and "# Pushes" (23, plus
		// access_set, named by set_access but never described: undocumented).
		path: "../../spec/agent/v3.0.yaml",
		rtm: "login get_archives get_filtered_chats get_chat_threads start_chat add_user_to_chat remove_user_from_chat " +
			"send_event send_rich_message_postback multicast send_typing_indicator ban_customer close_thread transfer_chat " +
			"grant_access revoke_access set_access update_agent change_push_notifications update_chat_properties " +
			"update_chat_thread_properties update_last_seen_timestamp add_auto_access_rules remove_auto_access_rules " +
			"get_auto_access_rules_config get_customers create_customer update_customer",
		web: "send_file upload_image",
		pushes: "incoming_chat_thread incoming_event incoming_rich_message_postback incoming_multicast incoming_typing_indicator " +
			"incoming_sneak_peek customer_banned thread_closed access_granted access_revoked access_set agent_updated " +
			"agent_disconnected chat_properties_updated chat_thread_properties_updated last_seen_timestamp_updated " +
			"customer_created customer_updated customer_visit_started customer_visit_ended customer_page_updated " +
			"chat_user_added chat_user_removed chat_transferred",
		types: 38, errors: 7, pingEvery: "15s",
	},
	{
		// reference/agent-v3.6/rtm-reference.mdx (40 methods; not the 4 that only the Python
		// SDK's AgentRtmV36 sends, which the changelog removed); rtm-pushes.mdx (62 pushes).
		path: "../../spec/agent/v3.6.yaml",
		rtm: "list_chats list_threads get_chat list_archives start_chat resume_chat deactivate_chat follow_chat unfollow_chat " +
			"transfer_chat add_user_to_chat remove_user_from_chat send_event_preview send_event send_rich_message_postback " +
			"update_chat_properties delete_chat_properties update_thread_properties delete_thread_properties " +
			"update_event_properties delete_event_properties tag_thread untag_thread get_customer update_customer " +
			"ban_customer subscribe_customers unsubscribe_customers " +
			"login set_away_status set_routing_status logout list_routing_statuses update_session " +
			"mark_events_as_seen send_thinking_indicator send_typing_indicator multicast list_agents_for_transfer " +
			"request_thread_summary",
		// agent-chat-api/index.mdx (the Web API reference), "Available methods": upload_file
		// is the one method without an RTM equivalent.
		web: "upload_file",
		pushes: "incoming_chat chat_deactivated chat_deleted thread_deleted threads_deleted chat_access_updated " +
			"chat_transferred user_added_to_chat user_removed_from_chat incoming_event event_deleted event_updated " +
			"incoming_rich_message_postback chat_properties_updated chat_properties_deleted thread_properties_updated " +
			"thread_properties_deleted event_properties_updated event_properties_deleted thread_tagged thread_untagged " +
			"incoming_customers incoming_customer customer_updated customer_page_updated customer_statistics_updated " +
			"customer_banned customer_transferred customer_left subscribed_customers_totals_updated ticket_created " +
			"ticket_deleted routing_status_set agent_disconnected agent_created agent_approved agent_updated " +
			"agent_suspended agent_unsuspended agent_deleted auto_accesses_updated bot_created bot_updated bot_deleted " +
			"group_created group_deleted group_updated tag_created tag_deleted tag_updated groups_status_updated " +
			"license_properties_updated group_properties_updated incoming_thinking_indicator incoming_typing_indicator " +
			"incoming_sneak_peek events_marked_as_seen incoming_multicast chat_unfollowed queue_positions_updated " +
			"thread_summary_set incoming_error",
		types: 46, errors: 19, pingEvery: "15s",
	},
	{
		// seeds/customer-rtm-v3.0-methods.md: the 30 `### name` sections; its pushes are only
		// named by the methods (17) and login's footnote (customer_side_storage_updated).
		path: "../../spec/customer/v3.0.yaml",
		rtm: "get_chats_summary get_chat_threads_summary get_groups_status get_predicted_agent get_url_details start_chat " +
			"activate_chat close_thread send_event send_rich_message_postback send_sneak_peek update_chat_properties " +
			"delete_chat_properties update_chat_thread_properties delete_chat_thread_properties update_event_properties " +
			"delete_event_properties tag_chat_thread untag_chat_thread set_customer_fields update_customer_page " +
			"update_customer login set_away_status change_push_notifications update_agent logout " +
			"update_last_seen_timestamp send_typing_indicator multicast",
		pushes: "incoming_chat_thread incoming_event thread_closed incoming_rich_message_postback chat_properties_updated " +
			"chat_properties_deleted chat_thread_properties_updated chat_thread_properties_deleted event_properties_updated " +
			"event_properties_deleted chat_thread_tagged chat_thread_untagged customer_updated customer_page_updated " +
			"agent_updated last_seen_timestamp_updated incoming_multicast customer_side_storage_updated",
		types: 14, errors: 0, pingEvery: "15s",
	},
	{
		// seeds/customer-rtm-v3.2-reference.txt and reference/customer-v3.2: 27 methods, 24
		// pushes (not customer_page_updated: in the seed text only, and the changelog says it
		// was removed), 23 error types.
		path: "../../spec/customer/v3.2.yaml",
		rtm: "list_chats list_threads get_chat start_chat activate_chat deactivate_chat send_event send_rich_message_postback " +
			"send_sneak_peek update_chat_properties delete_chat_properties update_thread_properties delete_thread_properties " +
			"update_event_properties delete_event_properties update_customer update_customer_page " +
			"set_customer_session_fields get_customer login list_group_statuses get_form get_predicted_agent get_url_info " +
			"mark_events_as_seen accept_greeting cancel_greeting",
		// customer-chat-api/v3.2/index.mdx (the Web API reference): the methods without an RTM
		// equivalent.
		web: "upload_file list_license_properties list_group_properties check_goals",
		pushes: "incoming_chat chat_deactivated chat_transferred user_added_to_chat user_removed_from_chat incoming_event " +
			"event_updated incoming_rich_message_postback chat_properties_updated chat_properties_deleted " +
			"thread_properties_updated thread_properties_deleted event_properties_updated event_properties_deleted " +
			"customer_updated customer_side_storage_updated customer_disconnected " +
			"incoming_typing_indicator incoming_multicast events_marked_as_seen incoming_greeting greeting_accepted " +
			"greeting_canceled queue_position_updated",
		types: 26, errors: 23, pingEvery: "15s",
	},
}

// TestSpecsInventory loads each of the four specs and checks its actions, pushes, types and
// errors against the inventory of the source documents.
func TestSpecsInventory(t *testing.T) {
	for _, inv := range inventories {
		t.Run(filepath.Base(filepath.Dir(inv.path))+"/"+filepath.Base(inv.path), func(t *testing.T) {
			s, err := Load(inv.path)
			if err != nil {
				t.Fatal(err)
			}
			var rtm, web, pushes []string
			for _, a := range s.Actions {
				if a.RTM() {
					rtm = append(rtm, a.Name)
				} else {
					web = append(web, a.Name)
				}
			}
			for _, p := range s.Pushes {
				pushes = append(pushes, p.Name)
			}
			check := func(what, want string, got []string) {
				t.Helper()
				if diff := cmp.Diff(strings.Fields(want), got, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s (-documented +spec):\n%s", what, diff)
				}
			}
			check("RTM actions", inv.rtm, rtm)
			check("Web-only actions", inv.web, web)
			check("pushes", inv.pushes, pushes)
			if len(s.Types) != inv.types {
				t.Errorf("%d types, want %d", len(s.Types), inv.types)
			}
			if len(s.Errors) != inv.errors {
				t.Errorf("%d error types, want %d", len(s.Errors), inv.errors)
			}
			if got := s.Connection.PingInterval.String(); got != inv.pingEvery {
				t.Errorf("ping interval %s, want %s", got, inv.pingEvery)
			}
			// Every push an action names is defined (the loader checks it too), and every
			// documented push is named by at least the push list.
			for _, a := range s.Actions {
				for _, p := range a.Pushes {
					if !slices.Contains(pushes, p) {
						t.Errorf("action %s names undefined push %s", a.Name, p)
					}
				}
			}
		})
	}
}

// docsDir is the LiveChat docs checkout shared with the project (../shared from its root).
const docsDir = "../../../shared/livechat-docs"

// sampleFolders are the specs whose version has its own sample files in the docs, with the
// folder holding them.
var sampleFolders = []struct{ spec, folder string }{
	{"../../spec/agent/v3.6.yaml", "payloads/messaging/v3.6/agent-chat-api"},
	{"../../spec/customer/v3.2.yaml", "payloads/messaging/v3.2/customer-chat-api"},
}

// indexExportRE matches an export of a sample file in a payloads folder's index.js.
var indexExportRE = regexp.MustCompile(`export\s*\{\s*default\s+as\s+\w+\s*\}\s*from\s*"\./([^"]+\.json)"`)

// TestSpecsKeepEverySampleFile guards against a documented sample file silently dropped from
// a spec: every JSON file of the version's payloads folder (and every file its index.js
// exports) is the json of exactly one type example, equal to the file as decoded JSON, and no
// example names a file that is not there. It needs ../shared/livechat-docs and skips without it.
func TestSpecsKeepEverySampleFile(t *testing.T) {
	if _, err := os.Stat(docsDir); err != nil {
		t.Skipf("no docs checkout at %s: %v", docsDir, err)
	}
	for _, sf := range sampleFolders {
		t.Run(sf.folder, func(t *testing.T) {
			s, err := Load(sf.spec)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string]bool{}
			root := filepath.Join(docsDir, sf.folder)
			err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
					rel, _ := filepath.Rel(docsDir, path)
					files[filepath.ToSlash(rel)] = true
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			index, err := os.ReadFile(filepath.Join(root, "index.js"))
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range indexExportRE.FindAllStringSubmatch(string(index), -1) {
				rel := sf.folder + "/" + m[1]
				if !files[rel] {
					t.Errorf("index.js exports %s, which is not in the folder", rel)
				}
			}
			if len(files) == 0 {
				t.Fatalf("no sample files under %s", root)
			}
			examples := map[string][]*TypeExample{}
			for _, ty := range s.Types {
				for _, e := range ty.Examples {
					examples[e.Source] = append(examples[e.Source], e)
					if !files[e.Source] {
						t.Errorf("%s:%d: type %s: example of %s, which is not a sample file of %s", sf.spec, e.Pos.Line, ty.Name, e.Source, sf.folder)
					}
				}
			}
			count := 0
			for rel := range files {
				got := examples[rel]
				if len(got) != 1 {
					t.Errorf("%s is the example of %d types, want 1", rel, len(got))
					continue
				}
				data, err := os.ReadFile(filepath.Join(docsDir, rel))
				if err != nil {
					t.Fatal(err)
				}
				var want, have any
				if err := json.Unmarshal(data, &want); err != nil {
					t.Errorf("%s: %v (a repaired sample needs this test to repair it too)", rel, err)
					continue
				}
				if err := json.Unmarshal(got[0].JSON, &have); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, have); diff != "" {
					t.Errorf("%s:%d: the example of %s differs from the file (-file +spec):\n%s", sf.spec, got[0].Pos.Line, rel, diff)
					continue
				}
				count++
			}
			t.Logf("%d of %d sample files are examples of %s", count, len(files), sf.spec)
		})
	}
}
