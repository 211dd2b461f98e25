export { APPS, AppName, Composition, COMPOSITIONS, ProcessName } from './apps';
export { launchGateway, LaunchOptions, RunningGateway } from './launch';
export { freePort } from './free-port';
