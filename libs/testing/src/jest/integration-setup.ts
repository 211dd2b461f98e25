// Integration suites start real services (and, on a bare machine, fetch them first); Jest's
// timeout is global-only, so the integration project raises it here.
jest.setTimeout(180_000);
