import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/pyxis.graphql',
  documents: 'src/operations/**/*.graphql',
  generates: {
    'src/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        scalars: {
          DateTime: 'string',
          DateTimeFilterScalar: 'string',
          ObjectID: 'string',
          Int64: 'number',
          NULL: 'null',
        },
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        skipTypename: true,
        dedupeFragments: true,
        documentMode: 'documentNode',
      },
    },
  },
  hooks: {},
};

export default config;
