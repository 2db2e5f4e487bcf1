/**
 * What the platform contract suite may rely on in the default seed; plugin tests that run the suite against a
 * simulator started with the default seed pass this as the subject's `seed`.
 */
import type { ContractSeed } from '@scim-connector/platform/contract-suite';
import { defaultSeed, PIPELINE_CONFIG_SETTING } from './seed/default-seed.ts';

const pipelineConfig = defaultSeed.settings?.find((setting) => setting.name === PIPELINE_CONFIG_SETTING);

export const defaultContractSeed: ContractSeed = {
  roles: ['STORE', 'GRAPHQL'],
  contexts: [
    { contextType: 'AGENT', contextId: '134' },
    { contextType: 'RETAILER', contextId: '199' },
  ],
  missingContext: { contextType: 'AGENT', contextId: '999999' },
  setting: {
    name: PIPELINE_CONFIG_SETTING,
    context: { contextType: 'ACCOUNT', contextId: '0' },
    value: pipelineConfig?.lobValue,
  },
};
