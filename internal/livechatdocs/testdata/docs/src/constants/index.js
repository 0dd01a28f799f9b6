const ERRORS = [
	{
		id: "authentication",
		message: "Authentication error",
		description: "An invalid or expired access token.",
	},
	{
		id: "validation",
		message: "Wrong format of request",
		description:
			"Invalid or missing payload.",
	},
];

export { ERRORS };
