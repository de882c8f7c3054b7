export * from './accounts';
export * from './users';
export * from './sessions';
export * from './access';
export * from './audit';
export * from './integrations';
export * from './runners';
