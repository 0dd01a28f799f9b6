// Package webhook receives LiveChat webhooks: the HTTP side, the secret check and the
// envelope, for the typed receivers of the generated packages (gen/agent/v36.WebhookReceiver
// and others), which decode each action's payload into its type. It knows no action.
//
// LiveChat POSTs each webhook as a JSON object:
//
//	{"webhook_id": "...", "secret_key": "...", "action": "incoming_event",
//	 "organization_id": "...", "payload": {...}, "additional_data": {...}}
//
// A Receiver is an http.Handler that
//
//   - accepts only POST with a JSON content type (405, 415 otherwise) and a body of at most
//     Config.MaxBodyBytes (1 MiB by default; 413 beyond);
//   - answers 400 with a short reason for a body that is not one JSON object, that repeats a
//     key at any depth, or whose envelope members have the wrong types;
//   - compares secret_key with the configured secret in constant time, whatever the lengths,
//     and answers 401 without calling any handler when it differs or is missing;
//   - calls the handler registered for the action (or the unhandled-webhook handler) with the
//     request's context: nil is 200, an error returned by a payload decoder (Malformed) is
//     400 naming the field, any other error is 500 (so LiveChat delivers it again) and is
//     logged with the action and webhook_id only.
//
// The secret and the payload never appear in a log line or an error. A receiver that does not
// check the secret is an explicit choice (NoSecret), never the zero Config.
//
// Programs that are not an http.Handler (serverless functions) call Parse on the body they
// were given and dispatch the result themselves (or call Receiver.Dispatch).
package webhook
