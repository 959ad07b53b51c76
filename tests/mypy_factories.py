"""mypy plugin: calling a factory_boy factory returns the model it creates.

factory_boy types ``SomeFactory.create()`` as returning ``T`` of ``DjangoModelFactory[T]``, but
the plain call ``SomeFactory()`` that the tests use goes through a metaclass ``__call__``, which
mypy does not read: it would take ``UserFactory()`` for a ``UserFactory`` and flag every
``user.email`` after it. This hook gives the call the factory's ``T`` instead, so the tests keep
factory_boy's usual spelling and still get the model's type. A factory declared without ``[T]``
gives ``Any``, as before.
"""

from collections.abc import Callable

from mypy.maptype import map_instance_to_supertype
from mypy.nodes import TypeInfo
from mypy.plugin import FunctionContext, Plugin
from mypy.types import Instance, Type, get_proper_type

BASE_FACTORY = "factory.base.BaseFactory"


class FactoryBoyPlugin(Plugin):
    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        symbol = self.lookup_fully_qualified(fullname)
        if (
            symbol is not None
            and isinstance(symbol.node, TypeInfo)
            and symbol.node.has_base(BASE_FACTORY)
        ):
            return _created_model
        return None


def _created_model(ctx: FunctionContext) -> Type:
    factory_instance = get_proper_type(ctx.default_return_type)
    if not isinstance(factory_instance, Instance):
        return ctx.default_return_type
    base = next(info for info in factory_instance.type.mro if info.fullname == BASE_FACTORY)
    return map_instance_to_supertype(factory_instance, base).args[0]


def plugin(version: str) -> type[Plugin]:
    return FactoryBoyPlugin
