export { APPS, AppName } from './apps';
export { launchGateway, LaunchOptions, RunningGateway } from './launch';
export { freePort } from './free-port';
