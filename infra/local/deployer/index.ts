/** Local mode's deployer: real processes per version, a weighted proxy, CloudWatch-style alarms. */
export { LocalTrafficDeployer, type ComponentConfigLookup, type LocalComponentConfig, type LocalTrafficDeployerOptions } from './local-traffic-deployer.js';
export { evaluateAlarm, evaluationRange, computeStatistic, type AlarmEvaluation, type AlarmRule, type AlarmState, type Datapoint } from './alarm-evaluator.js';
export { trafficPlan, KNOWN_CONFIGS, type TrafficPlan, type TrafficStep } from './traffic-plan.js';
export { MetricStore, LOCAL_METRICS, type LocalMetric, type PeriodDatapoint, type SeriesQuery } from './metric-store.js';
export type { StepContext, StepGate, StepVerdict } from './rollout-runner.js';
export { stepAnalysisGate, type StepAnalysisOptions } from './step-analysis.js';
export { runSmokeTest, type SmokeTestResult, type SmokeTestRun } from './smoke-test.js';
export type { RolloutTimeline } from './deployment-state-file.js';
export { SYNTHETIC_HEADER, VERSION_HEADER } from './traffic-proxy.js';
