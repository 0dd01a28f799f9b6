export { default as message } from "./events/message.json";
export { default as systemMessage } from "./events/systemMessage.json";

export { default as agent } from "./users/agent.json";
export { default as myProfile } from "./users/myProfile.json";
export { default as customer } from "./users/customer.json";

export { default as access } from "./other-structures/access.json";
export { default as chatSummary } from "./other-structures/chatSummary.json";
export { default as formFields } from "./other-structures/formFields.json";
export { default as properties } from "./other-structures/properties.json";
export { default as thread } from "./other-structures/thread.json";
