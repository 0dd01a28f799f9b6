package codegen

import "testing"

// TestDeclDocStartsWithTheName: a generated doc comment starts with the identifier and reads as
// a sentence; plural nouns and nouns ending in s are not taken for verbs.
func TestDeclDocStartsWithTheName(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"SendEvent", "Sends an Event object.", "SendEvent sends an Event object."},
		{"ListChats", "It returns summaries of the chats.", "ListChats returns summaries of the chats."},
		{"ApplyPatch", "Applies a patch.", "ApplyPatch applies a patch."},
		{"Properties", "Properties are key-value storages.", "Properties are key-value storages."},
		{"Access", "Access to a chat, by groups.", "Access to a chat, by groups."},
		{"ChatAccess", "Access to a chat, by groups.", "ChatAccess: Access to a chat, by groups."},
		{"RoutingStatus", "Status of an agent.", "RoutingStatus: Status of an agent."},
		{"ChatUsers", "Users of the chat.", "ChatUsers: Users of the chat."},
		{"Details", "Details of the license.", "Details of the license."},
		{"GroupDetails", "Details of the group.", "GroupDetails: Details of the group."},
		{"Stats", "Counts and sums of a license.", "Stats: Counts and sums of a license."},
		{"Thread", "A thread groups events.", "Thread is a thread groups events."},
		{"Chat", "The chat.", "Chat is the chat."},
		{"Nothing", "", "Nothing has no description in the documents."},
		{"Thing", "   trimmed text  ", "Thing: trimmed text"},
	}
	for _, tt := range tests {
		if got := declDoc(tt.name, tt.doc); got != tt.want {
			t.Errorf("declDoc(%q, %q) = %q, want %q", tt.name, tt.doc, got, tt.want)
		}
	}
}
