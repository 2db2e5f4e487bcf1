/**
 * Resolvers for the SDL in sdl.ts. Root fields delegate to the PlatformModel held in the request context; object
 * fields not listed here resolve to the stored property of the same name.
 */
import type { FaultController } from '../faults/fault-controller.ts';
import { toConnection } from '../model/connection.ts';
import type {
  CreateRoleInput,
  CreateSettingInput,
  CreateUserInput,
  RemoveUserRolesFromUserInput,
  UpdateSettingInput,
  UpdateUserInput,
} from '../model/inputs.ts';
import type { PlatformModel } from '../model/platform-model.ts';
import type { SettingFilter } from '../model/settings.ts';
import type { Location, User } from '../model/types.ts';
import type { UserFilter } from '../model/user-filter.ts';

export interface SimulatorContext {
  model: PlatformModel;
  faults: FaultController;
}

type Args = Record<string, unknown>;
export type FieldResolver = (source: unknown, args: Args, context: SimulatorContext) => unknown;
export type ResolverMap = Record<string, Record<string, FieldResolver>>;

const byNumericId = (item: { id: string }) => Number(item.id);
const text = (value: unknown) => (value === null || value === undefined ? undefined : String(value));

export const resolvers: ResolverMap = {
  Query: {
    user: (_, args, { model }) => model.findUser({ id: text(args.id), username: text(args.username) }),
    userById: (_, args, { model }) => model.getUserById(String(args.id)),
    users: (_, args, { model }) =>
      toConnection(model.listUsers(args as UserFilter), (user) => user.seq, true, args),
    role: (_, args, { model }) => model.getRole(String(args.name)),
    roles: (_, args, { model }) =>
      toConnection(model.listRoles(args.name as string[] | undefined), byNumericId, false, args),
    setting: (_, args, { model }) => (args.id == null ? null : model.getSetting(String(args.id))),
    settings: (_, args, { model }) =>
      toConnection(model.listSettings(args as SettingFilter), byNumericId, false, args),
    retailer: (_, args, { model }) => model.getRetailer(String(args.id)),
    retailers: (_, args, { model }) =>
      toConnection(model.listRetailers(args.ref as string[] | undefined), byNumericId, false, args),
    location: (_, args, { model }) => model.getLocation(String(args.id)),
    locations: (_, args, { model }) =>
      toConnection(
        model.listLocations({
          ref: args.ref as string[] | undefined,
          retailerId: args.retailerId as string[],
        }),
        byNumericId,
        false,
        args,
      ),
  },

  Mutation: {
    createUser: (_, args, { model, faults }) => {
      const input = args.input as CreateUserInput | null;
      if (input) faults.assertUserAccepted(input.username);
      return model.createUser(input);
    },
    updateUser: (_, args, { model, faults }) => {
      const input = args.input as UpdateUserInput | null;
      const target = input && model.getUserById(input.id);
      if (target) faults.assertUserAccepted(target.username);
      return model.updateUser(input);
    },
    removeUserRolesFromUser: (_, args, { model, faults }) => {
      const input = args.input as RemoveUserRolesFromUserInput | null;
      const target = input && model.findUser(input.user);
      if (target) faults.assertUserAccepted(target.username);
      return model.removeUserRolesFromUser(input);
    },
    createRole: (_, args, { model }) => model.createRole(args.input as CreateRoleInput | null),
    createSetting: (_, args, { model }) => model.createSetting(args.input as CreateSettingInput | null),
    updateSetting: (_, args, { model }) => model.updateSetting(args.input as UpdateSettingInput | null),
  },

  User: {
    roles: (source, _, { model }) =>
      (source as User).roles.map((userRole) => ({
        role: model.getRole(userRole.roleName),
        contexts: userRole.contexts,
      })),
    primaryRetailer: (source, _, { model }) => {
      const { primaryRetailerId } = source as User;
      return primaryRetailerId === undefined ? null : model.getRetailer(primaryRetailerId);
    },
    primaryLocation: (source, _, { model }) => {
      const { primaryLocationId } = source as User;
      return primaryLocationId === undefined ? null : model.getLocation(primaryLocationId);
    },
  },

  Location: {
    retailer: (source, _, { model }) => {
      const { retailerId } = source as Location;
      return retailerId === undefined ? null : model.getRetailer(retailerId);
    },
  },
};
