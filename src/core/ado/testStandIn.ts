// Shared by the test-only Microsoft sign-in stand-in (src/ado/azureDevOpsTestCommands.ts) and the UI
// test that drives it (the fake Azure DevOps server accepts this token as Bearer). Never a real token.
export const MICROSOFT_STAND_IN_TOKEN = 'flowcast-ui-test-entra-token-7f3a';
