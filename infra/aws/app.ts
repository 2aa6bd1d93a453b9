/**
 * The CDK app's entry (`cdk.json`: `npx tsx infra/aws/app.ts`). Deploy with `npx cdk deploy`;
 * see README "Deploy to AWS".
 */
import { createUpkeepApp } from './upkeep-app.js';

createUpkeepApp().app.synth();
